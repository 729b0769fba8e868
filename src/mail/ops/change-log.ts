// The change log's retention rule: rows older than the retention period are trimmed, and each
// mailbox remembers the highest MODSEQ it trimmed (changes_floor), below which changesSince answers
// "too old" and QRESYNC falls back to a full resync (RFC 7162 §3.2.5.2 lets a server forget expunges).
import type { WriteTx } from '../../store/types.ts';

/** Removes log rows changed before `before` (ms since epoch); returns how many. */
export async function trimChangeLog(tx: WriteTx, args: { before: number }): Promise<number> {
  const floors = await tx.all<{ mailbox_id: number; modseq: number }>(
    'SELECT mailbox_id, MAX(modseq) AS modseq FROM changes WHERE changed_at < ? GROUP BY mailbox_id',
    [args.before],
  );
  for (const { mailbox_id: mailboxId, modseq } of floors) {
    await tx.run('UPDATE mailboxes SET changes_floor = ? WHERE id = ? AND changes_floor < ?', [modseq, mailboxId, modseq]);
  }
  const removed = await tx.run('DELETE FROM changes WHERE changed_at < ?', [args.before]);
  return removed.changes;
}
