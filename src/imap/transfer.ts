// What COPY and MOVE share (RFC 9051 §6.4.7, RFC 6851 §3): resolve the set, run the store operation,
// and turn its expected failures into the response codes clients act on — TRYCREATE for a target that
// does not exist (RFC 9051 §6.4.7), OVERQUOTA when the copies do not fit (RFC 9208 §4.3.1).
import type { CopyResult } from '../mail/index.ts';
import type { CommandContext, CommandResult } from './commands/command.ts';
import type { MailboxView } from './mailbox-view.ts';
import type { SequenceSet } from './wire/index.ts';
import { mailboxRefusal } from './mailbox-errors.ts';
import { toUidSet } from './uid-ranges.ts';

export interface TransferRequest {
  readonly uid: boolean;
  readonly set: SequenceSet;
  readonly mailbox: string;
}

export type TransferOutcome = { readonly kind: 'done'; readonly result: CopyResult | null } | { readonly kind: 'failed'; readonly reply: CommandResult };

export async function transferMessages(
  ctx: CommandContext,
  accountId: number,
  view: MailboxView,
  request: TransferRequest,
  operation: 'copy' | 'move',
): Promise<TransferOutcome> {
  const uids = view.resolve(request.set, request.uid);
  const target = await ctx.mail.findMailbox(accountId, request.mailbox);
  if (target === undefined) return { kind: 'failed', reply: { status: 'NO', code: { name: 'TRYCREATE' }, text: 'No such mailbox' } };
  if (uids.length === 0) return { kind: 'done', result: null };
  const input = { accountId, sourceMailboxId: view.mailboxId, uids: toUidSet(uids), target: request.mailbox };
  try {
    const result = operation === 'copy' ? await ctx.mail.copyMessages(input) : await ctx.mail.moveMessages(input);
    return { kind: 'done', result };
  } catch (err) {
    return { kind: 'failed', reply: mailboxRefusal(err) };
  }
}
