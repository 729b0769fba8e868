// SELECT and EXAMINE (RFC 9051 §6.3.2, §6.3.3; RFC 3501 §6.3.1 for IMAP4rev1 clients), with the
// CONDSTORE parameter (RFC 7162 §3.1.8) and QRESYNC resynchronisation (RFC 7162 §3.2.5).
//
// Decisions:
// - \Recent (RFC 3501 §2.3.2) as Dovecot keeps it: SELECT claims the messages no session has been told
//   about (recent-messages.ts); EXAMINE shows them without claiming (RFC 3501 §6.3.2). IMAP4rev2
//   removed \Recent: rev2 clients get no RECENT and claim nothing.
// - HIGHESTMODSEQ is always sent: every mailbox has MODSEQs (RFC 7162 §3.1.2.1 NOMODSEQ never applies).
// - FLAGS lists the system flags, common keywords and every keyword in use in the mailbox; clients may
//   create any keyword (`\*` in PERMANENTFLAGS) unless the mailbox is read-only.
// - The QRESYNC sequence-match data is an optimisation the server may ignore (RFC 7162 §3.2.5.2);
//   known-uids bounds the VANISHED (EARLIER) set.
import type { MessageFlags } from '../mail/index.ts';
import type { CommandContext, CommandResult } from './commands/command.ts';
import { mailboxObjectId } from './mailbox-errors.ts';
import { flagsFetch, isEnabled, SelectedView } from './selected-view.ts';
import type { StateIn } from './session-state.ts';
import { formatMailbox, formatResponseCode, formatSequenceSet, SYSTEM_FLAGS, type QresyncParameters, type SequenceSet } from './wire/index.ts';

/** Keywords clients commonly set (RFC 5788 registry: $Forwarded, $MDNSent, $Junk, $NotJunk). */
const COMMON_KEYWORDS = ['$Forwarded', '$MDNSent', '$Junk', '$NotJunk'];

export interface SelectCommand {
  readonly name: 'SELECT' | 'EXAMINE';
  readonly mailbox: string;
  readonly condstore: boolean;
  readonly qresync: QresyncParameters | null;
}

export async function selectMailbox(
  ctx: CommandContext,
  state: StateIn<'authenticated' | 'selected'>,
  command: SelectCommand,
): Promise<CommandResult> {
  // RFC 7162 §3.2.5: QRESYNC parameters without ENABLE QRESYNC are a client error.
  if (command.qresync !== null && !isEnabled(ctx.enabled, 'QRESYNC')) return { status: 'BAD', text: 'QRESYNC is not enabled' };
  // RFC 9051 §6.3.2: the current mailbox is deselected first, so a failed SELECT leaves none selected.
  if (state.phase === 'selected') {
    state.view.close();
    ctx.setState({ phase: 'authenticated', account: state.account });
    ctx.untagged(`OK [${formatResponseCode({ name: 'CLOSED' })}] Previous mailbox closed`);
  }
  if (command.condstore) ctx.enable('CONDSTORE');
  const mailbox = await ctx.mail.findMailbox(state.account.id, command.mailbox);
  if (mailbox === undefined) return { status: 'NO', code: { name: 'NONEXISTENT' }, text: 'Mailbox does not exist' };
  // HIGHESTMODSEQ before the message list: a change committed between the two reads is then above
  // the view's MODSEQ and announced by the next sync, never lost.
  const status = await ctx.mail.mailboxStatus(mailbox.id);
  const entries = await ctx.mail.listFlags(mailbox.id);
  const readOnly = command.name === 'EXAMINE';
  const view = new SelectedView({
    mail: ctx.mail,
    mailboxId: mailbox.id,
    name: mailbox.name,
    readOnly,
    uidValidity: status.uidValidity,
    highestModseq: status.highestModseq,
    entries,
    enabled: () => ctx.enabled,
    firstRecentUid: status.firstRecentUid,
  });
  ctx.setState({ phase: 'selected', account: state.account, view });
  await view.recent.admit(entries.map((entry) => entry.uid));

  const rev2 = isEnabled(ctx.enabled, 'IMAP4rev2');
  const flags = mailboxFlags(entries);
  const uidNext = Math.max(status.uidNext, (entries.at(-1)?.uid ?? 0) + 1);
  ctx.untagged(`FLAGS (${flags.join(' ')})`);
  ctx.untagged(`OK [${formatResponseCode({ name: 'PERMANENTFLAGS', flags: readOnly ? [] : [...flags, '\\*'] })}] ${readOnly ? 'Read-only mailbox' : 'Flags permitted'}`);
  ctx.untagged(`${entries.length} EXISTS`);
  if (!rev2) {
    ctx.untagged(`${view.recent.count} RECENT`);
    const unseen = entries.findIndex((entry) => !entry.flags.includes('\\Seen'));
    if (unseen !== -1) ctx.untagged(`OK [UNSEEN ${unseen + 1}] First unseen`);
  }
  ctx.untagged(`OK [UIDVALIDITY ${status.uidValidity}] UIDs valid`);
  ctx.untagged(`OK [UIDNEXT ${uidNext}] Predicted next UID`);
  ctx.untagged(`OK [HIGHESTMODSEQ ${status.highestModseq}] Highest`);
  ctx.untagged(`OK [${formatResponseCode({ name: 'MAILBOXID', id: mailboxObjectId(mailbox) })}] Ok`);
  // RFC 9051 §6.3.2: a LIST response with the mailbox name (IMAP4rev2 only; rev1 clients do not expect it).
  if (rev2) ctx.untagged(`LIST () "/" ${formatMailbox(mailbox.name, ctx.utf8)}`);
  if (command.qresync !== null && command.qresync.uidValidity === status.uidValidity) {
    for (const line of await resynchronise(ctx, view, entries, command.qresync)) ctx.untagged(line);
  }
  return readOnly
    ? { status: 'OK', code: { name: 'READ-ONLY' }, text: 'EXAMINE completed' }
    : { status: 'OK', code: { name: 'READ-WRITE' }, text: 'SELECT completed' };
}

function mailboxFlags(entries: readonly MessageFlags[]): string[] {
  const keywords = new Set(COMMON_KEYWORDS);
  for (const entry of entries) for (const flag of entry.flags) if (!flag.startsWith('\\')) keywords.add(flag);
  return [...SYSTEM_FLAGS, ...[...keywords].sort()];
}

/**
 * RFC 7162 §3.2.5.1: `VANISHED (EARLIER)` for the known UIDs expunged since the client's MODSEQ, then
 * FETCH (UID FLAGS MODSEQ) for every message changed or added since. When the change log no longer
 * reaches back that far, every known UID that is not in the mailbox is reported.
 */
async function resynchronise(ctx: CommandContext, view: SelectedView, entries: readonly MessageFlags[], params: QresyncParameters): Promise<string[]> {
  const highest = entries.at(-1)?.uid ?? 0;
  const known = normaliseRanges(params.knownUids, highest);
  const inKnown = (uid: number): boolean => known.some(([low, high]) => uid >= low && uid <= high);
  const changes = await ctx.mail.changesSince(view.mailboxId, params.modseq);
  const vanished =
    changes.kind === 'changes' ? formatSequenceSet(changes.expunged.filter(inKnown)) : missingUids(known, entries.map((entry) => entry.uid));
  const out = vanished === '' ? [] : [`VANISHED (EARLIER) ${vanished}`];
  for (const entry of entries) {
    if (entry.modseq <= params.modseq) continue;
    const seq = view.seqOf(entry.uid);
    if (seq !== undefined) out.push(flagsFetch(seq, view.recent.show(entry), true));
  }
  return out;
}

/** Sorted, merged `[low, high]` UID ranges of a known-uids set; absent means every UID up to the highest. */
function normaliseRanges(set: SequenceSet | null, highest: number): Array<[number, number]> {
  if (set === null || set.kind === 'saved') return highest === 0 ? [] : [[1, highest]];
  const ranges = set.ranges
    .map((range): [number, number] => {
      const a = range.start === '*' ? highest : range.start;
      const b = range.end === '*' ? highest : range.end;
      return [Math.min(a, b), Math.max(a, b)];
    })
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last !== undefined && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}

/** The UIDs of `ranges` that are not in `present` (ascending), as a compressed sequence set. */
function missingUids(ranges: ReadonlyArray<readonly [number, number]>, present: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  for (const [low, high] of ranges) {
    let next = low;
    while (i < present.length && present[i]! < low) i++;
    while (i < present.length && present[i]! <= high) {
      if (present[i]! > next) parts.push(span(next, present[i]! - 1));
      next = present[i]! + 1;
      i++;
    }
    if (next <= high) parts.push(span(next, high));
  }
  return parts.join(',');
}

function span(low: number, high: number): string {
  return low === high ? `${low}` : `${low}:${high}`;
}
