// Replaying a mailbox's changes after a MODSEQ (RFC 7162 §3.1.4.1 CHANGEDSINCE, §3.2.5 QRESYNC,
// IDLE wake-ups). Changed and new messages come from their current MODSEQ (index mailbox_messages_modseq),
// expunged UIDs from the change log, which is complete only above mailboxes.changes_floor.
import { StoreOpError, type SqlTx } from '../../store/types.ts';
import type { MailboxChanges } from '../message-types.ts';
import { listFlags } from './message-flags.ts';

export async function changesSince(tx: SqlTx, mailboxId: number, modseq: number): Promise<MailboxChanges> {
  const mailbox = await tx.get<{ highest_modseq: number; changes_floor: number }>('SELECT highest_modseq, changes_floor FROM mailboxes WHERE id = ?', [
    mailboxId,
  ]);
  if (!mailbox) throw new StoreOpError('not-found', `mailbox ${mailboxId} does not exist`, { mailboxId });
  if (modseq < mailbox.changes_floor) return { kind: 'too-old', highestModseq: mailbox.highest_modseq };
  const changed = await listFlags(tx, mailboxId, { changedSince: modseq });
  const expunged = await tx.all<{ uid: number }>(
    `SELECT uid FROM changes WHERE mailbox_id = ? AND modseq > ? AND kind = 'message-expunged' ORDER BY uid`,
    [mailboxId, modseq],
  );
  return { kind: 'changes', highestModseq: mailbox.highest_modseq, changed, expunged: expunged.map((row) => row.uid) };
}
