// STORE (RFC 9051 §6.4.6) with CONDSTORE's UNCHANGEDSINCE (RFC 7162 §3.1.3): the new flags of each
// message are computed here, then written grouped by resulting flags, so a STORE on 100,000 messages
// is a few hundred statements, not 100,000. Messages whose flags do not change keep their MODSEQ and
// get no event; those above UNCHANGEDSINCE are reported as modified and left alone.
import type { WriteTx } from '../../store/types.ts';
import { applyFlags, toFlagList, toStoredFlags, type StoredFlags } from '../flags.ts';
import type { StoreFlagsInput, StoreFlagsResult } from '../message-types.ts';
import { inChunks, placeholders, uidConditions } from '../queries/uid-set.ts';
import { allocate, recordChanges } from './entries.ts';
import { requireMailboxById } from './expunge.ts';

interface FlagRow {
  uid: number;
  modseq: number;
  system_flags: number;
  keywords: string;
}

export async function storeFlags(tx: WriteTx, args: { input: StoreFlagsInput; now: number }): Promise<StoreFlagsResult> {
  const { input, now } = args;
  const change = toStoredFlags(input.flags);
  const mailbox = await requireMailboxById(tx, input.mailboxId);
  const rows: FlagRow[] = [];
  for (const condition of uidConditions(input.uids)) {
    rows.push(
      ...(await tx.all<FlagRow>(`SELECT uid, modseq, system_flags, keywords FROM mailbox_messages WHERE mailbox_id = ? AND ${condition.sql} ORDER BY uid`, [
        mailbox.id,
        ...condition.params,
      ])),
    );
  }
  const modified: number[] = [];
  const groups = new Map<string, { flags: StoredFlags; uids: number[] }>();
  for (const row of rows) {
    if (input.unchangedSince !== undefined && row.modseq > input.unchangedSince) {
      modified.push(row.uid);
      continue;
    }
    const next = applyFlags({ system: row.system_flags, keywords: row.keywords }, input.mode, change);
    if (next.system === row.system_flags && next.keywords === row.keywords) continue;
    const key = `${next.system}${next.keywords}`;
    const group = groups.get(key) ?? { flags: next, uids: [] };
    group.uids.push(row.uid);
    groups.set(key, group);
  }
  if (groups.size === 0) return { modseq: mailbox.highestModseq, changed: [], modified };

  const { modseq } = await allocate(tx, mailbox.id, 0, 0);
  const changed: StoreFlagsResult['changed'] = [];
  for (const { flags, uids } of groups.values()) {
    for (const chunk of inChunks(uids)) {
      await tx.run(`UPDATE mailbox_messages SET system_flags = ?, keywords = ?, modseq = ? WHERE mailbox_id = ? AND uid IN (${placeholders(chunk.length)})`, [
        flags.system,
        flags.keywords,
        modseq,
        mailbox.id,
        ...chunk,
      ]);
    }
    changed.push({ flags: toFlagList(flags), uids });
  }
  await recordChanges(tx, mailbox, 'flags-changed', modseq, changed.flatMap((group) => group.uids).sort((a, b) => a - b), now);
  return { modseq, changed, modified };
}
