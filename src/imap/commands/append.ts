// APPEND (RFC 9051 §6.3.12) with UIDPLUS (RFC 4315 §3: `[APPENDUID uidvalidity uid]`), BINARY literal8
// content (RFC 3516 §4.4) and the APPENDLIMIT the command reader enforces (RFC 7889: a larger literal
// never reaches this handler; it is answered NO [TOOBIG] there).
//
// Decisions:
// - A bare LF in a text message is stored as CRLF, as Dovecot does (RFC 9051 §6.3.12 asks for CRLF
//   line ends but clients such as mutt send what they have); literal8 content is binary and kept as is.
// - The target is looked up first, so a missing mailbox (NO [TRYCREATE]) writes no blob. A refusal
//   after the blob is written (quota) leaves an unreferenced blob that check-store collects.
// - MULTIAPPEND (RFC 3502) is not offered: it must be all or nothing, which one append per transaction
//   cannot give. Several messages are refused with BAD.
import type { AppendInput } from '../../mail/index.ts';
import { MessageAnalyser } from '../../mime/index.ts';
import { mailboxRefusal } from '../mailbox-errors.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import type { AppendMessage } from '../wire/index.ts';
import { always, defineCommand, type CommandContext } from './command.ts';

const LF = 0x0a;
const CR = 0x0d;

export const append = defineCommand({
  name: 'APPEND',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    const [message, ...more] = command.messages;
    if (message === undefined || more.length > 0) return { status: 'BAD', text: 'APPEND takes exactly one message (no MULTIAPPEND)' };
    const mailbox = await ctx.mail.findMailbox(state.account.id, command.mailbox);
    if (mailbox === undefined) return { status: 'NO', code: { name: 'TRYCREATE' }, text: 'Mailbox does not exist' };
    const stored = await storeContent(ctx, message);
    try {
      const result = await ctx.mail.append({
        accountId: state.account.id,
        mailbox: mailbox.name,
        blob: stored.blob,
        summary: stored.summary,
        searchText: stored.searchText,
        headerText: stored.headerText,
        flags: message.flags,
        internalDate: message.internalDate ?? ctx.clock().getTime(),
      });
      return { status: 'OK', code: { name: 'APPENDUID', uidValidity: result.uidValidity, uids: [result.uid] }, text: 'APPEND completed' };
    } catch (err) {
      return mailboxRefusal(err);
    }
  },
});

type StoredContent = Pick<AppendInput, 'blob' | 'summary' | 'searchText' | 'headerText'>;

/** Writes the message to the blob store and analyses it, as local delivery does (src/delivery/router.ts). */
async function storeContent(ctx: CommandContext, message: AppendMessage): Promise<StoredContent> {
  const content = message.binary ? Buffer.from(message.content) : withCrlf(message.content);
  // The whole message is in memory already (a bounded literal), so its header section needs no tighter bound.
  const analyser = new MessageAnalyser({ maxHeaderSize: ctx.settings.max_literal_size });
  analyser.push(content);
  const { summary, searchText, headerText } = analyser.end();
  const writer = ctx.mail.blobs.createWriter();
  try {
    await writer.write(content);
    const blob = await writer.commit();
    return { blob, summary: JSON.stringify(summary), searchText, headerText };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/** Every LF not preceded by CR becomes CRLF. */
export function withCrlf(content: Uint8Array): Buffer {
  let bare = 0;
  for (let i = 0; i < content.length; i++) if (content[i] === LF && (i === 0 || content[i - 1] !== CR)) bare++;
  if (bare === 0) return Buffer.from(content);
  const out = Buffer.alloc(content.length + bare);
  let j = 0;
  for (let i = 0; i < content.length; i++) {
    if (content[i] === LF && (i === 0 || content[i - 1] !== CR)) out[j++] = CR;
    out[j++] = content[i]!;
  }
  return out;
}
