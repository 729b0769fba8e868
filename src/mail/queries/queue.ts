// Outbound queue reads: entries with their message's blob, and an entry's attempts (`mailstead queue`).
import type { SqlTx } from '../../store/types.ts';
import type { DsnNotify, QueueAttempt, QueueEntry, QueueStatus } from '../queue-types.ts';

export interface QueueRow {
  id: number;
  message_id: number;
  blob_hash: string;
  size: number;
  received_at: number;
  sender: string;
  recipient: string;
  status: QueueStatus;
  next_attempt_at: number;
  attempts: number;
  last_reply: string | null;
  created_at: number;
  notify: string | null;
  orcpt: string | null;
  ret: 'FULL' | 'HDRS' | null;
  envid: string | null;
  delay_warned: number;
  bounce_requested: number;
  submitted: number;
  smtputf8: number;
}

export const SELECT_QUEUE = `SELECT q.id, q.message_id, m.blob_hash, m.size, m.received_at, q.sender, q.recipient, q.status,
  q.next_attempt_at, q.attempts, q.last_reply, q.created_at, q.notify, q.orcpt, q.ret, q.envid, q.delay_warned, q.bounce_requested, q.submitted, q.smtputf8
  FROM queue q JOIN messages m ON m.id = q.message_id`;

export function toQueueEntry(row: QueueRow): QueueEntry {
  const separator = row.orcpt?.indexOf(';') ?? -1;
  return {
    id: row.id,
    messageId: row.message_id,
    blobHash: row.blob_hash,
    size: row.size,
    receivedAt: row.received_at,
    sender: row.sender,
    recipient: row.recipient,
    status: row.status,
    nextAttemptAt: row.next_attempt_at,
    attempts: row.attempts,
    lastReply: row.last_reply,
    createdAt: row.created_at,
    notify: row.notify === null ? null : (row.notify.split(',') as DsnNotify[]),
    orcpt: row.orcpt === null || separator === -1 ? null : { type: row.orcpt.slice(0, separator), address: row.orcpt.slice(separator + 1) },
    ret: row.ret,
    envid: row.envid,
    delayWarned: row.delay_warned !== 0,
    bounceRequested: row.bounce_requested !== 0,
    submitted: row.submitted !== 0,
    smtputf8: row.smtputf8 !== 0,
  };
}

/** Every entry, oldest first. */
export async function listQueue(tx: SqlTx): Promise<QueueEntry[]> {
  const rows = await tx.all<QueueRow>(`${SELECT_QUEUE} ORDER BY q.created_at, q.id`);
  return rows.map(toQueueEntry);
}

export async function findQueueEntry(tx: SqlTx, id: number): Promise<QueueEntry | undefined> {
  const row = await tx.get<QueueRow>(`${SELECT_QUEUE} WHERE q.id = ?`, [id]);
  return row && toQueueEntry(row);
}

/** The entry's attempts, oldest first. */
export async function listQueueAttempts(tx: SqlTx, id: number): Promise<QueueAttempt[]> {
  const rows = await tx.all<{ attempted_at: number; outcome: QueueAttempt['outcome']; status: string; detail: string; host: string | null; tls: string | null }>(
    'SELECT attempted_at, outcome, status, detail, host, tls FROM queue_attempts WHERE queue_id = ? ORDER BY id',
    [id],
  );
  return rows.map((row) => ({
    attemptedAt: row.attempted_at,
    outcome: row.outcome,
    status: row.status,
    detail: row.detail,
    host: row.host,
    tls: row.tls === null ? null : (JSON.parse(row.tls) as QueueAttempt['tls']),
  }));
}

/** When the earliest queued entry is due (ms since epoch), or undefined when nothing waits. */
export async function nextQueueDue(tx: SqlTx): Promise<number | undefined> {
  const row = await tx.get<{ due: number | null }>(
    "SELECT MIN(CASE WHEN status = 'queued' THEN next_attempt_at ELSE lease_until END) AS due FROM queue",
  );
  return row?.due ?? undefined;
}

/** The runners holding leases now (crash recovery: a runner on this host whose process is gone). */
export async function listLeaseOwners(tx: SqlTx): Promise<string[]> {
  const rows = await tx.all<{ lease_owner: string }>("SELECT DISTINCT lease_owner FROM queue WHERE status = 'delivering' AND lease_owner IS NOT NULL");
  return rows.map((row) => row.lease_owner);
}
