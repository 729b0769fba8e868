// The steps every operation that adds, changes or removes mailbox entries shares, so UID/MODSEQ
// allocation, the change log, events, quota accounting and reference counting are written once.
//
// UIDs and the MODSEQ come from the mailbox row, updated (and so locked) inside the operation's
// transaction: UIDs strictly ascend per mailbox (RFC 9051 §2.3.1.1), MODSEQs too (RFC 7162 §3.1.1),
// and a reader never sees a later MODSEQ commit before an earlier one. One operation gives all the
// messages it changes in a mailbox one MODSEQ (RFC 7162 §3.1 allows messages to share one).
import { StoreOpError, type ChangeEvent, type WriteTx } from '../../store/types.ts';
import { inChunks, placeholders, toUidSet } from '../queries/uid-set.ts';
import type { Account } from '../types.ts';

export interface Allocation {
  firstUid: number;
  modseq: number;
}

/** Takes `uids` new UIDs and the next MODSEQ, and adjusts the message count by `messageDelta`. */
export async function allocate(tx: WriteTx, mailboxId: number, uids: number, messageDelta: number): Promise<Allocation> {
  const row = await tx.get<{ first_uid: number; modseq: number }>(
    `UPDATE mailboxes SET uidnext = uidnext + ?, highest_modseq = highest_modseq + 1, message_count = message_count + ?
      WHERE id = ? RETURNING uidnext - ? AS first_uid, highest_modseq AS modseq`,
    [uids, messageDelta, mailboxId, uids],
  );
  if (!row) throw new StoreOpError('not-found', `mailbox ${mailboxId} does not exist`, { mailboxId });
  return { firstUid: row.first_uid, modseq: row.modseq };
}

/**
 * Gives back the MODSEQ just allocated, for an operation that found nothing to change (a STORE that
 * changes no flags keeps HIGHESTMODSEQ, RFC 7162 §3.1.3). Still under the row lock allocate() took, in
 * the same transaction, so no reader ever saw it.
 */
export async function releaseModseq(tx: WriteTx, mailboxId: number): Promise<void> {
  await tx.run('UPDATE mailboxes SET highest_modseq = highest_modseq - 1 WHERE id = ?', [mailboxId]);
}

export interface NewEntry {
  uid: number;
  messageId: number;
  modseq: number;
  systemFlags: number;
  keywords: string;
  internalDate: number;
  prefix: string;
  size: number;
}

export async function insertEntry(tx: WriteTx, mailboxId: number, entry: NewEntry): Promise<void> {
  await tx.run(
    `INSERT INTO mailbox_messages (mailbox_id, uid, message_id, modseq, system_flags, keywords, internal_date, prefix, size)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [mailboxId, entry.uid, entry.messageId, entry.modseq, entry.systemFlags, entry.keywords, entry.internalDate, entry.prefix, entry.size],
  );
}

type EntryChange = Extract<ChangeEvent, { modseq: number }>['kind'];

/** The change log rows (one per UID, `uids` ascending) and the one event published after commit. */
export async function recordChanges(
  tx: WriteTx,
  mailbox: { id: number; accountId: number },
  kind: EntryChange,
  modseq: number,
  uids: readonly number[],
  now: number,
): Promise<void> {
  for (const chunk of inChunks(uids, 200)) {
    await tx.run(
      `INSERT INTO changes (mailbox_id, modseq, uid, kind, changed_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((uid) => [mailbox.id, modseq, uid, kind, now]),
    );
  }
  if (uids.length > 0) tx.emit({ kind, accountId: mailbox.accountId, mailboxId: mailbox.id, uids: toUidSet(uids), modseq });
}

/**
 * recordChanges for entries that now carry `modseq`, which this operation allocated (so they are
 * exactly the entries it changed): the log rows are one INSERT … SELECT however many there are.
 */
export async function recordChangedEntries(
  tx: WriteTx,
  mailbox: { id: number; accountId: number },
  kind: EntryChange,
  modseq: number,
  uids: readonly number[],
  now: number,
): Promise<void> {
  await tx.run(`INSERT INTO changes (mailbox_id, modseq, uid, kind, changed_at) SELECT mailbox_id, modseq, uid, ?, ? FROM mailbox_messages WHERE mailbox_id = ? AND modseq = ?`, [
    kind,
    now,
    mailbox.id,
    modseq,
  ]);
  if (uids.length > 0) tx.emit({ kind, accountId: mailbox.accountId, mailboxId: mailbox.id, uids: toUidSet(uids), modseq });
}

/** Adds (or with negative numbers credits) the account's usage. */
export async function charge(tx: WriteTx, accountId: number, bytes: number, messages: number): Promise<void> {
  await tx.run('UPDATE accounts SET used_bytes = used_bytes + ?, message_count = message_count + ? WHERE id = ?', [bytes, messages, accountId]);
}

/**
 * RFC 9208 §5.1 STORAGE, §5.2 MESSAGE / RFC 3463 X.2.2: refuses adding `messages` messages of `bytes`
 * in all that would take the account past either limit.
 */
export function requireRoom(account: Account, bytes: number, messages: number): void {
  const overStorage = account.quotaBytes !== null && account.usedBytes + bytes > account.quotaBytes;
  const overMessages = account.quotaMessages !== null && account.messageCount + messages > account.quotaMessages;
  if (overStorage || overMessages) {
    throw new StoreOpError('over-quota', `${account.address} is over quota`, { address: account.address });
  }
}

/**
 * Drops `count` references from each message; a message nothing refers to any more is deleted with
 * its text index entry (its blob file is left for check-store to collect after the grace period).
 * The entries themselves must already be gone.
 */
export async function releaseMessages(tx: WriteTx, references: ReadonlyMap<number, number>): Promise<void> {
  const unreferenced: number[] = [];
  for (const [messageId, count] of references) {
    const left = await tx.get<{ refcount: number }>('UPDATE messages SET refcount = refcount - ? WHERE id = ? RETURNING refcount', [count, messageId]);
    if (left && left.refcount <= 0) unreferenced.push(messageId);
  }
  for (const chunk of inChunks(unreferenced)) {
    await tx.run(`DELETE FROM messages WHERE id IN (${placeholders(chunk.length)})`, chunk);
  }
  for (const messageId of unreferenced) await tx.run(tx.dialect.textIndex.remove, [messageId]);
}
