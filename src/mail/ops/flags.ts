// STORE (RFC 9051 §6.4.6) with CONDSTORE's UNCHANGEDSINCE (RFC 7162 §3.1.3). Messages whose flags do
// not change keep their MODSEQ and get no change; those above UNCHANGEDSINCE are reported as modified
// and left alone. Issue 4 asks a STORE on 1:* of 100,000 messages to take well under a second, so:
// - system flags alone (+FLAGS/-FLAGS \Seen …) and FLAGS (replace) are one UPDATE per chunk of the UID
//   set, with the bit operations in SQL, RETURNING what changed;
// - +FLAGS/-FLAGS with keywords compute each message's new flags here, then write grouped by the
//   resulting flags, so even that is a few hundred statements, not 100,000.
// The result groups UIDs by their new flags; the change log gets one INSERT … SELECT, and one event.
import type { SqlValue, WriteTx } from '../../store/types.ts';
import { applyFlags, toFlagList, toStoredFlags, type StoredFlags } from '../flags.ts';
import type { StoreFlagsInput, StoreFlagsResult, UidSet } from '../message-types.ts';
import { inChunks, placeholders, uidConditions } from '../queries/uid-set.ts';
import { allocate, recordChangedEntries, releaseModseq } from './entries.ts';
import { requireMailboxById } from './expunge.ts';

interface FlagRow {
  uid: number;
  modseq: number;
  system_flags: number;
  keywords: string;
}

interface Update {
  mailboxId: number;
  uids: UidSet;
  change: StoredFlags;
  modseq: number;
  unchangedSince: number | undefined;
}

type Groups = Map<string, { flags: StoredFlags; uids: number[] }>;

function addToGroup(groups: Groups, flags: StoredFlags, uid: number): void {
  const key = `${flags.system}${flags.keywords}`;
  const group = groups.get(key);
  if (group === undefined) groups.set(key, { flags, uids: [uid] });
  else group.uids.push(uid);
}

/** RFC 9051 §6.4.6 in SQL: FLAGS replaces, +FLAGS sets bits, -FLAGS clears them (portable arithmetic, no `~`). */
function sqlChange(mode: StoreFlagsInput['mode'], change: StoredFlags): { set: string; setParams: SqlValue[]; changes: string; changesParams: SqlValue[] } {
  const { system, keywords } = change;
  if (mode === 'set') {
    return { set: 'system_flags = ?, keywords = ?', setParams: [system, keywords], changes: 'NOT (system_flags = ? AND keywords = ?)', changesParams: [system, keywords] };
  }
  if (mode === 'add') return { set: 'system_flags = system_flags | ?', setParams: [system], changes: '(system_flags & ?) <> ?', changesParams: [system, system] };
  return { set: 'system_flags = system_flags - (system_flags & ?)', setParams: [system], changes: '(system_flags & ?) <> 0', changesParams: [system] };
}

async function updateInSql(tx: WriteTx, mode: StoreFlagsInput['mode'], update: Update): Promise<Groups> {
  const groups: Groups = new Map();
  const sql = sqlChange(mode, update.change);
  const condstore = update.unchangedSince === undefined ? '' : ' AND modseq <= ?';
  for (const condition of uidConditions(update.uids)) {
    const rows = await tx.all<{ uid: number; system_flags: number; keywords: string }>(
      `UPDATE mailbox_messages SET ${sql.set}, modseq = ? WHERE mailbox_id = ? AND ${condition.sql} AND ${sql.changes}${condstore}
        RETURNING uid, system_flags, keywords`,
      [...sql.setParams, update.modseq, update.mailboxId, ...condition.params, ...sql.changesParams, ...(update.unchangedSince === undefined ? [] : [update.unchangedSince])],
    );
    for (const row of rows) addToGroup(groups, { system: row.system_flags, keywords: row.keywords }, row.uid);
  }
  // RETURNING has no defined order: the result lists UIDs ascending.
  for (const group of groups.values()) group.uids.sort((a, b) => a - b);
  return groups;
}

async function updateByRow(tx: WriteTx, mode: StoreFlagsInput['mode'], update: Update): Promise<Groups> {
  const groups: Groups = new Map();
  for (const condition of uidConditions(update.uids)) {
    const rows = await tx.all<FlagRow>(`SELECT uid, modseq, system_flags, keywords FROM mailbox_messages WHERE mailbox_id = ? AND ${condition.sql} ORDER BY uid`, [
      update.mailboxId,
      ...condition.params,
    ]);
    for (const row of rows) {
      if (update.unchangedSince !== undefined && row.modseq > update.unchangedSince) continue;
      const next = applyFlags({ system: row.system_flags, keywords: row.keywords }, mode, update.change);
      if (next.system !== row.system_flags || next.keywords !== row.keywords) addToGroup(groups, next, row.uid);
    }
  }
  for (const { flags, uids } of groups.values()) {
    for (const chunk of inChunks(uids)) {
      await tx.run(`UPDATE mailbox_messages SET system_flags = ?, keywords = ?, modseq = ? WHERE mailbox_id = ? AND uid IN (${placeholders(chunk.length)})`, [
        flags.system,
        flags.keywords,
        update.modseq,
        update.mailboxId,
        ...chunk,
      ]);
    }
  }
  return groups;
}

/** RFC 7162 §3.1.3: the messages whose MODSEQ is above UNCHANGEDSINCE, ascending. */
async function modifiedSince(tx: WriteTx, mailboxId: number, uids: UidSet, unchangedSince: number): Promise<number[]> {
  const modified: number[] = [];
  for (const condition of uidConditions(uids)) {
    const rows = await tx.all<{ uid: number }>(`SELECT uid FROM mailbox_messages WHERE mailbox_id = ? AND ${condition.sql} AND modseq > ? ORDER BY uid`, [
      mailboxId,
      ...condition.params,
      unchangedSince,
    ]);
    for (const row of rows) modified.push(row.uid);
  }
  return modified;
}

export async function storeFlags(tx: WriteTx, args: { input: StoreFlagsInput; now: number }): Promise<StoreFlagsResult> {
  const { input, now } = args;
  const change = toStoredFlags(input.flags);
  const mailbox = await requireMailboxById(tx, input.mailboxId);
  const modified = input.unchangedSince === undefined ? [] : await modifiedSince(tx, mailbox.id, input.uids, input.unchangedSince);
  const { modseq } = await allocate(tx, mailbox.id, 0, 0);
  const update: Update = { mailboxId: mailbox.id, uids: input.uids, change, modseq, unchangedSince: input.unchangedSince };
  const groups = input.mode === 'set' || change.keywords === '' ? await updateInSql(tx, input.mode, update) : await updateByRow(tx, input.mode, update);
  if (groups.size === 0) {
    await releaseModseq(tx, mailbox.id);
    return { modseq: mailbox.highestModseq, changed: [], modified };
  }
  const changed = [...groups.values()].map(({ flags, uids }) => ({ flags: toFlagList(flags), uids }));
  await recordChangedEntries(tx, mailbox, 'flags-changed', modseq, changed.flatMap((group) => group.uids).sort((a, b) => a - b), now);
  return { modseq, changed, modified };
}
