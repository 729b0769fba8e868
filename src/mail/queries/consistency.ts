// The queries behind check-store: each returns the rows that break one invariant of the schema
// (or, for messages and blobs, the rows to compare with the blob files).
import type { SqlTx } from '../../store/types.ts';

/** Names a mailbox in a problem line: `alice@example.test/INBOX`. */
export interface MailboxLabel {
  mailbox_id: number;
  address: string;
  name: string;
}

const MAILBOX_LABEL = `mb.id AS mailbox_id, a.address, mb.name`;
const FROM_ENTRIES = `FROM mailbox_messages mm JOIN mailboxes mb ON mb.id = mm.mailbox_id JOIN accounts a ON a.id = mb.account_id`;

export interface MessageReferences {
  id: number;
  blob_hash: string;
  size: number;
  refcount: number;
  entries: number;
  queued: number;
}

export function messageReferences(tx: SqlTx): Promise<MessageReferences[]> {
  return tx.all<MessageReferences>(
    `SELECT m.id, m.blob_hash, m.size, m.refcount,
            (SELECT COUNT(*) FROM mailbox_messages mm WHERE mm.message_id = m.id) AS entries,
            (SELECT COUNT(*) FROM queue q WHERE q.message_id = m.id) AS queued
       FROM messages m ORDER BY m.id`,
  );
}

export function uidsNotBelowUidnext(tx: SqlTx): Promise<Array<MailboxLabel & { uid: number; uidnext: number }>> {
  return tx.all(`SELECT ${MAILBOX_LABEL}, mm.uid, mb.uidnext ${FROM_ENTRIES} WHERE mm.uid >= mb.uidnext ORDER BY mb.id, mm.uid`);
}

export function duplicateUids(tx: SqlTx): Promise<Array<MailboxLabel & { uid: number; copies: number }>> {
  return tx.all(
    `SELECT ${MAILBOX_LABEL}, mm.uid, COUNT(*) AS copies ${FROM_ENTRIES}
      GROUP BY mb.id, a.address, mb.name, mm.uid HAVING COUNT(*) > 1 ORDER BY mb.id, mm.uid`,
  );
}

export function entryModseqsAboveHighest(tx: SqlTx): Promise<Array<MailboxLabel & { uid: number; modseq: number; highest_modseq: number }>> {
  return tx.all(
    `SELECT ${MAILBOX_LABEL}, mm.uid, mm.modseq, mb.highest_modseq ${FROM_ENTRIES}
      WHERE mm.modseq > mb.highest_modseq ORDER BY mb.id, mm.uid`,
  );
}

/** Change log rows with a MODSEQ the mailbox has not handed out yet. */
export function changesAboveHighest(tx: SqlTx): Promise<Array<MailboxLabel & { modseq: number; highest_modseq: number }>> {
  return tx.all(
    `SELECT ${MAILBOX_LABEL}, c.modseq, mb.highest_modseq
       FROM changes c JOIN mailboxes mb ON mb.id = c.mailbox_id JOIN accounts a ON a.id = mb.account_id
      WHERE c.modseq > mb.highest_modseq ORDER BY mb.id, c.modseq`,
  );
}

/** Entries still present although the log records their UID as expunged. */
export function expungedButPresent(tx: SqlTx): Promise<Array<MailboxLabel & { uid: number }>> {
  return tx.all(
    `SELECT ${MAILBOX_LABEL}, mm.uid ${FROM_ENTRIES}
      WHERE EXISTS (SELECT 1 FROM changes c WHERE c.mailbox_id = mm.mailbox_id AND c.uid = mm.uid AND c.kind = 'message-expunged')
      ORDER BY mb.id, mm.uid`,
  );
}

/** Accounts whose last handed-out UIDVALIDITY is below one of their mailboxes' (a reuse could follow). */
export function uidValidityBehind(tx: SqlTx): Promise<Array<{ address: string; last_uidvalidity: number; uidvalidity: number }>> {
  return tx.all(
    `SELECT a.address, a.last_uidvalidity, MAX(mb.uidvalidity) AS uidvalidity
       FROM accounts a JOIN mailboxes mb ON mb.account_id = a.id
      GROUP BY a.id, a.address, a.last_uidvalidity HAVING MAX(mb.uidvalidity) > a.last_uidvalidity ORDER BY a.address`,
  );
}

/** Messages with mailbox entries but no text index row, and index rows of messages that are gone. */
export async function textIndexProblems(tx: SqlTx): Promise<{ unindexed: number[]; stale: number[] }> {
  const indexed = new Set((await tx.all<{ id: number }>(tx.dialect.textIndex.indexedIds)).map((row) => row.id));
  const messages = await tx.all<{ id: number; entries: number }>(
    'SELECT m.id, (SELECT COUNT(*) FROM mailbox_messages mm WHERE mm.message_id = m.id) AS entries FROM messages m ORDER BY m.id',
  );
  const known = new Set(messages.map((row) => row.id));
  return {
    unindexed: messages.filter((row) => row.entries > 0 && !indexed.has(row.id)).map((row) => row.id),
    stale: [...indexed].filter((id) => !known.has(id)).sort((a, b) => a - b),
  };
}

export function mailboxCountMismatches(tx: SqlTx): Promise<Array<MailboxLabel & { message_count: number; entries: number }>> {
  return tx.all(
    `SELECT ${MAILBOX_LABEL}, mb.message_count, COUNT(mm.uid) AS entries
       FROM mailboxes mb JOIN accounts a ON a.id = mb.account_id LEFT JOIN mailbox_messages mm ON mm.mailbox_id = mb.id
      GROUP BY mb.id, a.address, mb.name, mb.message_count
     HAVING mb.message_count <> COUNT(mm.uid) ORDER BY mb.id`,
  );
}

export interface AccountUsage {
  address: string;
  used_bytes: number;
  message_count: number;
  entry_bytes: number;
  entries: number;
}

export function accountUsageMismatches(tx: SqlTx): Promise<AccountUsage[]> {
  return tx.all<AccountUsage>(
    `SELECT a.address, a.used_bytes, a.message_count, COALESCE(SUM(mm.size), 0) AS entry_bytes, COUNT(mm.uid) AS entries
       FROM accounts a LEFT JOIN mailboxes mb ON mb.account_id = a.id LEFT JOIN mailbox_messages mm ON mm.mailbox_id = mb.id
      GROUP BY a.id, a.address, a.used_bytes, a.message_count
     HAVING a.used_bytes <> COALESCE(SUM(mm.size), 0) OR a.message_count <> COUNT(mm.uid)
      ORDER BY a.address`,
  );
}

export async function isBlobReferenced(tx: SqlTx, hash: string): Promise<boolean> {
  return (await tx.get<{ found: number }>('SELECT 1 AS found FROM messages WHERE blob_hash = ? LIMIT 1', [hash])) !== undefined;
}
