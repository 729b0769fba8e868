// Mailbox and mailbox-entry queries.
import type { SqlTx, SqlValue } from '../../store/types.ts';
import { toFlagList } from '../flags.ts';
import type { MessageEntry, UidSet } from '../message-types.ts';
import type { Mailbox, SpecialUse } from '../types.ts';
import { uidConditions } from './uid-set.ts';

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

const SELECT_MAILBOX = `SELECT mb.id, mb.account_id, mb.name, mb.special_use, mb.uidvalidity, mb.uidnext, mb.highest_modseq, mb.message_count,
  EXISTS (SELECT 1 FROM subscriptions s WHERE s.account_id = mb.account_id AND s.name = mb.name) AS subscribed FROM mailboxes mb`;

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
  return (await tx.all<MailboxRow>(`${SELECT_MAILBOX} WHERE mb.account_id = ? ORDER BY mb.id`, [accountId])).map(toMailbox);
}

export async function findMailbox(tx: SqlTx, accountId: number, name: string): Promise<Mailbox | undefined> {
  const row = await tx.get<MailboxRow>(`${SELECT_MAILBOX} WHERE mb.account_id = ? AND mb.name = ?`, [accountId, name]);
  return row && toMailbox(row);
}

export async function findMailboxById(tx: SqlTx, id: number): Promise<Mailbox | undefined> {
  const row = await tx.get<MailboxRow>(`${SELECT_MAILBOX} WHERE mb.id = ?`, [id]);
  return row && toMailbox(row);
}

/**
 * RFC 9051 §5.1: the name INBOX is case-insensitive; other names are stored as given. INBOX's children
 * ("inbox/Work") get the canonical spelling of their first level too, as in Dovecot.
 */
export function canonicalMailboxName(name: string): string {
  const slash = name.indexOf('/');
  const first = slash < 0 ? name : name.slice(0, slash);
  return first.toUpperCase() === 'INBOX' ? 'INBOX' + name.slice(first.length) : name;
}

interface EntryRow {
  uid: number;
  modseq: number;
  size: number;
  blob_hash: string;
  prefix: string;
  system_flags: number;
  keywords: string;
  internal_date: number;
  message_id: number;
}

const SELECT_ENTRY = `SELECT mm.uid, mm.modseq, mm.size, m.blob_hash, mm.prefix, mm.system_flags, mm.keywords, mm.internal_date, mm.message_id
  FROM mailbox_messages mm JOIN messages m ON m.id = mm.message_id`;

function toEntry(row: EntryRow): MessageEntry {
  return {
    uid: row.uid,
    modseq: row.modseq,
    size: row.size,
    blobHash: row.blob_hash,
    prefix: row.prefix,
    flags: toFlagList({ system: row.system_flags, keywords: row.keywords }),
    internalDate: row.internal_date,
    messageId: row.message_id,
  };
}

export interface EntryQuery {
  uids?: UidSet;
  /** Only entries whose MODSEQ is above this (RFC 7162 §3.1.4.1 CHANGEDSINCE). */
  changedSince?: number;
}

/** Entries in UID order. */
export async function listEntries(tx: SqlTx, mailboxId: number, query: EntryQuery = {}): Promise<MessageEntry[]> {
  return (await selectEntryRows<EntryRow>(tx, SELECT_ENTRY, mailboxId, query)).map(toEntry);
}

/**
 * Rows of `select` (which names mailbox_messages `mm`) matching the query, in UID order: one index
 * range scan of (mailbox_id, uid) per chunk of the UID set.
 */
export async function selectEntryRows<T>(tx: SqlTx, select: string, mailboxId: number, query: EntryQuery): Promise<T[]> {
  const base = `${select} WHERE mm.mailbox_id = ?${query.changedSince === undefined ? '' : ' AND mm.modseq > ?'}`;
  const params: SqlValue[] = query.changedSince === undefined ? [mailboxId] : [mailboxId, query.changedSince];
  if (query.uids === undefined) return tx.all<T>(`${base} ORDER BY mm.uid`, params);
  const rows: T[] = [];
  for (const condition of uidConditions(query.uids, 'mm.uid')) {
    for (const row of await tx.all<T>(`${base} AND ${condition.sql} ORDER BY mm.uid`, [...params, ...condition.params])) rows.push(row);
  }
  return rows;
}

/** The stored summaries (MessageSummary JSON) of the given messages, in UID order. */
export async function listSummaries(tx: SqlTx, mailboxId: number, uids: UidSet): Promise<Array<{ uid: number; summary: string }>> {
  const summaries: Array<{ uid: number; summary: string }> = [];
  for (const condition of uidConditions(uids, 'mm.uid')) {
    const rows = await tx.all<{ uid: number; summary: string }>(
      `SELECT mm.uid, m.summary FROM mailbox_messages mm JOIN messages m ON m.id = mm.message_id
        WHERE mm.mailbox_id = ? AND ${condition.sql} ORDER BY mm.uid`,
      [mailboxId, ...condition.params],
    );
    for (const row of rows) summaries.push({ uid: row.uid, summary: row.summary });
  }
  return summaries;
}
