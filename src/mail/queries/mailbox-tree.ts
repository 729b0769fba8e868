// LIST and STATUS: the account's mailboxes with their attributes, and a mailbox's counters.
// The hierarchy delimiter is "/" (RFC 9051 §5.1.1). Parents are created with their children and a
// mailbox with children cannot be deleted (mail/ops/mailboxes.ts), so every listed name is selectable
// and \Noselect never arises.
import { StoreOpError, type SqlTx } from '../../store/types.ts';
import { DELETED, SEEN } from '../flags.ts';
import type { MailboxListing, MailboxStatus } from '../message-types.ts';
import { findMailboxById, listMailboxes } from './mailboxes.ts';

export const HIERARCHY_DELIMITER = '/';

/** Mailboxes in name order, then subscriptions naming no mailbox (\NonExistent, RFC 5258 §3.4). */
export async function listMailboxTree(tx: SqlTx, accountId: number): Promise<MailboxListing[]> {
  const mailboxes = (await listMailboxes(tx, accountId)).sort((a, b) => compareNames(a.name, b.name));
  const names = new Set(mailboxes.map((mailbox) => mailbox.name));
  const listings: MailboxListing[] = mailboxes.map((mailbox, index) => {
    const next = mailboxes[index + 1];
    // Sorted by name with the delimiter ordered first, a mailbox's children follow it directly.
    const hasChildren = next !== undefined && next.name.startsWith(mailbox.name + HIERARCHY_DELIMITER);
    const attributes = [hasChildren ? '\\HasChildren' : '\\HasNoChildren'];
    if (mailbox.specialUse) attributes.push(mailbox.specialUse);
    if (mailbox.subscribed) attributes.push('\\Subscribed');
    return { name: mailbox.name, mailbox, attributes };
  });
  const subscriptions = await tx.all<{ name: string }>('SELECT name FROM subscriptions WHERE account_id = ? ORDER BY name', [accountId]);
  for (const { name } of subscriptions) {
    if (!names.has(name)) listings.push({ name, mailbox: undefined, attributes: ['\\NonExistent', '\\Subscribed'] });
  }
  return listings;
}

/** Orders "a/b" right after "a" (and before "a-b"), so children sort under their parent. */
function compareNames(a: string, b: string): number {
  const key = (name: string): string => name.replaceAll(HIERARCHY_DELIMITER, '\u0000');
  const x = key(a);
  const y = key(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export async function mailboxStatus(tx: SqlTx, mailboxId: number): Promise<MailboxStatus> {
  const mailbox = await findMailboxById(tx, mailboxId);
  if (!mailbox) throw new StoreOpError('not-found', `mailbox ${mailboxId} does not exist`, { mailboxId });
  const counts = await tx.get<{ size: number | null; unseen: number; deleted: number; recent_uid: number; recent: number }>(
    `SELECT (SELECT SUM(size) FROM mailbox_messages WHERE mailbox_id = ?) AS size,
            (SELECT COUNT(*) FROM mailbox_messages WHERE mailbox_id = ? AND (system_flags & ${SEEN}) = 0) AS unseen,
            (SELECT COUNT(*) FROM mailbox_messages WHERE mailbox_id = ? AND (system_flags & ${DELETED}) <> 0) AS deleted,
            mb.recent_uid,
            (SELECT COUNT(*) FROM mailbox_messages WHERE mailbox_id = mb.id AND uid >= mb.recent_uid) AS recent
       FROM mailboxes mb WHERE mb.id = ?`,
    [mailboxId, mailboxId, mailboxId, mailboxId],
  );
  return {
    mailboxId,
    messages: mailbox.messageCount,
    uidNext: mailbox.uidNext,
    uidValidity: mailbox.uidValidity,
    unseen: counts?.unseen ?? 0,
    deleted: counts?.deleted ?? 0,
    size: counts?.size ?? 0,
    highestModseq: mailbox.highestModseq,
    recent: counts?.recent ?? 0,
    firstRecentUid: counts?.recent_uid ?? mailbox.uidNext,
  };
}
