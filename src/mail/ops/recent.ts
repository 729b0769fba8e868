// \Recent (RFC 3501 §2.3.2): "this is the first session to have been notified about this message".
// The mailbox keeps one watermark, recent_uid (migration 005): UIDs at or above it have been claimed by
// no session. A claim hands the caller every UID from the watermark up to UIDNEXT and moves the
// watermark to UIDNEXT in the same transaction, so two sessions claiming at once never share a UID.
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import type { RecentClaim } from '../message-types.ts';

export async function claimRecent(tx: WriteTx, args: { mailboxId: number }): Promise<RecentClaim> {
  const row = await tx.get<{ recent_uid: number; uidnext: number }>('SELECT recent_uid, uidnext FROM mailboxes WHERE id = ?', [args.mailboxId]);
  if (!row) throw new StoreOpError('not-found', `mailbox ${args.mailboxId} does not exist`, { mailboxId: args.mailboxId });
  if (row.recent_uid < row.uidnext) await tx.run('UPDATE mailboxes SET recent_uid = ? WHERE id = ?', [row.uidnext, args.mailboxId]);
  // No change event: the claim changes no message, only who will be told it is recent.
  return { first: row.recent_uid, next: row.uidnext };
}
