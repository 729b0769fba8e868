// Removing mailbox entries: EXPUNGE and UID EXPUNGE (RFC 9051 §6.4.3, RFC 4315 §2.1) remove messages
// flagged \Deleted; POP3 (RFC 1939 §6 UPDATE state) removes the messages marked during the session,
// tolerating any that an IMAP session expunged meanwhile. Either way one MODSEQ, a change log row and
// an event per UID; references to the bodies released and the account credited.
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { DELETED } from '../flags.ts';
import type { ExpungeResult, UidSet } from '../message-types.ts';
import { findMailboxById } from '../queries/mailboxes.ts';
import { inChunks, placeholders, uidConditions } from '../queries/uid-set.ts';
import type { Mailbox } from '../types.ts';
import { allocate, charge, recordChanges, releaseMessages } from './entries.ts';

export interface RemovedRow {
  uid: number;
  message_id: number;
  size: number;
}

export async function expunge(tx: WriteTx, args: { mailboxId: number; uids?: UidSet; now: number }): Promise<ExpungeResult> {
  const mailbox = await requireMailboxById(tx, args.mailboxId);
  const base = `SELECT uid, message_id, size FROM mailbox_messages WHERE mailbox_id = ? AND (system_flags & ${DELETED}) <> 0`;
  const rows: RemovedRow[] = [];
  if (args.uids === undefined) rows.push(...(await tx.all<RemovedRow>(`${base} ORDER BY uid`, [mailbox.id])));
  else {
    for (const condition of uidConditions(args.uids)) {
      rows.push(...(await tx.all<RemovedRow>(`${base} AND ${condition.sql} ORDER BY uid`, [mailbox.id, ...condition.params])));
    }
  }
  return removeEntries(tx, mailbox, rows, { release: true, now: args.now });
}

/** POP3 QUIT: removes the listed UIDs that still exist, whatever their flags. */
export async function deleteMessages(tx: WriteTx, args: { mailboxId: number; uids: number[]; now: number }): Promise<ExpungeResult> {
  const mailbox = await requireMailboxById(tx, args.mailboxId);
  const rows: RemovedRow[] = [];
  for (const chunk of inChunks([...new Set(args.uids)].sort((a, b) => a - b))) {
    rows.push(
      ...(await tx.all<RemovedRow>(`SELECT uid, message_id, size FROM mailbox_messages WHERE mailbox_id = ? AND uid IN (${placeholders(chunk.length)}) ORDER BY uid`, [
        mailbox.id,
        ...chunk,
      ])),
    );
  }
  return removeEntries(tx, mailbox, rows, { release: true, now: args.now });
}

/**
 * Deletes the entries. With `release`, their bodies' references are dropped and the account is
 * credited (EXPUNGE); without, the caller has moved them elsewhere in the same account (MOVE).
 */
export async function removeEntries(
  tx: WriteTx,
  mailbox: Mailbox,
  rows: readonly RemovedRow[],
  options: { release: boolean; now: number },
): Promise<ExpungeResult> {
  if (rows.length === 0) return { uids: [], modseq: mailbox.highestModseq };
  const uids = rows.map((row) => row.uid);
  for (const chunk of inChunks(uids)) {
    await tx.run(`DELETE FROM mailbox_messages WHERE mailbox_id = ? AND uid IN (${placeholders(chunk.length)})`, [mailbox.id, ...chunk]);
  }
  const { modseq } = await allocate(tx, mailbox.id, 0, -rows.length);
  await recordChanges(tx, mailbox, 'message-expunged', modseq, uids, options.now);
  if (options.release) {
    const references = new Map<number, number>();
    for (const row of rows) references.set(row.message_id, (references.get(row.message_id) ?? 0) + 1);
    await releaseMessages(tx, references);
    await charge(tx, mailbox.accountId, -rows.reduce((sum, row) => sum + row.size, 0), -rows.length);
  }
  return { uids, modseq };
}

export async function requireMailboxById(tx: WriteTx, mailboxId: number): Promise<Mailbox> {
  const mailbox = await findMailboxById(tx, mailboxId);
  if (!mailbox) throw new StoreOpError('not-found', `mailbox ${mailboxId} does not exist`, { mailboxId });
  return mailbox;
}
