// STORE and UID STORE (RFC 9051 §6.4.6, §6.4.9): +FLAGS, -FLAGS, FLAGS and their .SILENT forms, with
// CONDSTORE's UNCHANGEDSINCE (RFC 7162 §3.1.3). The store changes every message in one transaction;
// the untagged FETCH responses report the flags afterwards (one more query, skipped for .SILENT).
import type { MailService, MessageFlags, StoreFlagsResult } from '../../mail/index.ts';
import { formatList } from '../wire/index.ts';
import { toUidSet } from '../uid-ranges.ts';
import { defineCommand } from './command.ts';

const MODE = { replace: 'set', add: 'add', remove: 'remove' } as const;

export const store = defineCommand({
  name: 'STORE',
  phases: ['selected'],
  // RFC 9051 §7.5.1: no EXPUNGE during STORE by message number; UID STORE may see them.
  expungeSafe: (command) => command.uid,
  async run(ctx, state, command) {
    const view = state.view;
    if (view.readOnly) return { status: 'NO', code: { name: 'READ-ONLY' }, text: 'The mailbox is read-only' };
    // RFC 7162 §3.1: UNCHANGEDSINCE is CONDSTORE enabling.
    if (command.unchangedSince !== null) ctx.enable('CONDSTORE');
    const condstore = ctx.enabled.has('CONDSTORE') || command.unchangedSince !== null;
    const uids = view.resolve(command.set, command.uid);
    if (uids.length === 0) return { status: 'OK', text: 'STORE completed' };
    const result = await ctx.mail.storeFlags({
      mailboxId: view.mailboxId,
      uids: toUidSet(uids),
      mode: MODE[command.operation],
      flags: command.flags,
      ...(command.unchangedSince === null ? {} : { unchangedSince: command.unchangedSince }),
    });
    const modified = new Set(result.modified);
    const changed = new Set(result.changed.flatMap((group) => group.uids));
    // This command reports its own changes (or, with .SILENT, was asked not to): the next sync must not.
    view.noteOwnFlags([...changed], result.modseq);
    // RFC 7162 §3.1.3: with CONDSTORE even .SILENT answers every changed message with its new MODSEQ,
    // so the client's cache learns it; otherwise .SILENT answers nothing (RFC 9051 §6.4.6).
    const report = command.silent ? (condstore ? uids.filter((uid) => changed.has(uid)) : []) : uids.filter((uid) => !modified.has(uid));
    if (report.length > 0) {
      const entries = await reportedFlags(ctx.mail, view.mailboxId, result, report);
      for (const uid of report) {
        const entry = entries.get(uid);
        const sequence = view.seqOf(uid);
        if (entry === undefined || sequence === undefined) continue;
        const items: string[] = [];
        if (command.uid) items.push(`UID ${uid}`);
        if (!command.silent) items.push(`FLAGS ${formatList(view.recent.show(entry).flags)}`);
        if (condstore) items.push(`MODSEQ (${entry.modseq})`);
        ctx.untagged(`${sequence} FETCH (${items.join(' ')})`);
      }
    }
    if (modified.size === 0) return { status: 'OK', text: 'STORE completed' };
    // RFC 7162 §3.1.3: MODIFIED lists message numbers for STORE, UIDs for UID STORE.
    const numbers = command.uid ? [...modified] : [...modified].map((uid) => view.seqOf(uid)).filter((n): n is number => n !== undefined);
    return { status: 'OK', code: { name: 'MODIFIED', numbers }, text: 'Conditional STORE failed for some messages' };
  },
});

/**
 * The flags and MODSEQ of each reported message. The store's result already names the new flags of
 * every changed message (grouped, and all with the operation's MODSEQ), so only messages the STORE
 * left as they were are read back: a STORE on 1:* of a large mailbox costs no second pass.
 */
async function reportedFlags(
  mail: MailService,
  mailboxId: number,
  result: StoreFlagsResult,
  report: readonly number[],
): Promise<Map<number, MessageFlags>> {
  const entries = new Map<number, MessageFlags>();
  for (const group of result.changed) {
    for (const uid of group.uids) entries.set(uid, { uid, modseq: result.modseq, flags: group.flags });
  }
  const unchanged = report.filter((uid) => !entries.has(uid));
  if (unchanged.length > 0) {
    for (const entry of await mail.listFlags(mailboxId, { uids: toUidSet(unchanged) })) entries.set(entry.uid, entry);
  }
  return entries;
}
