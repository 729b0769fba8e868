// Mailbox and mailbox-entry queries.
import type { SqlTx } from '../../store/types.ts';
import type { Mailbox, SpecialUse } from '../types.ts';

interface MailboxRow {
  id: number;
  account_id: number;
  name: string;
  special_use: string | null;
  uidvalidity: number;
  uidnext: number;
  highest_modseq: number;
  message_count: number;
  subscribed: number;
}

const SELECT_MAILBOX = `SELECT id, account_id, name, special_use, uidvalidity, uidnext, highest_modseq, message_count, subscribed FROM mailboxes`;

function toMailbox(row: MailboxRow): Mailbox {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    specialUse: row.special_use as SpecialUse | null,
    uidValidity: row.uidvalidity,
    uidNext: row.uidnext,
    highestModseq: row.highest_modseq,
    messageCount: row.message_count,
    subscribed: row.subscribed !== 0,
  };
}

export async function listMailboxes(tx: SqlTx, accountId: number): Promise<Mailbox[]> {
  return (await tx.all<MailboxRow>(`${SELECT_MAILBOX} WHERE account_id = ? ORDER BY id`, [accountId])).map(toMailbox);
}

export async function findMailbox(tx: SqlTx, accountId: number, name: string): Promise<Mailbox | undefined> {
  const row = await tx.get<MailboxRow>(`${SELECT_MAILBOX} WHERE account_id = ? AND name = ?`, [accountId, name]);
  return row && toMailbox(row);
}

/** RFC 3501 §5.1: the name INBOX is case-insensitive; other names are stored as given. */
export function canonicalMailboxName(name: string): string {
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}

export interface MailboxEntry {
  uid: number;
  modseq: number;
  size: number;
  blobHash: string;
  prefix: string;
  flags: string[];
  internalDate: number;
}

interface EntryRow {
  uid: number;
  modseq: number;
  size: number;
  blob_hash: string;
  prefix: string;
  flags: string;
  internal_date: number;
}

export async function listEntries(tx: SqlTx, mailboxId: number): Promise<MailboxEntry[]> {
  const rows = await tx.all<EntryRow>(
    `SELECT mm.uid, mm.modseq, mm.size, m.blob_hash, mm.prefix, mm.flags, mm.internal_date
       FROM mailbox_messages mm JOIN messages m ON m.id = mm.message_id
      WHERE mm.mailbox_id = ? ORDER BY mm.uid`,
    [mailboxId],
  );
  return rows.map((row) => ({
    uid: row.uid,
    modseq: row.modseq,
    size: row.size,
    blobHash: row.blob_hash,
    prefix: row.prefix,
    flags: JSON.parse(row.flags) as string[],
    internalDate: row.internal_date,
  }));
}
