// Outbound queue writes (DESIGN.md "Processes and scale"): leases, attempt results, and what
// `mailstead queue` changes. Leasing is one UPDATE of due rows under the writer's transaction, so any
// number of runners (processes, nodes) deliver an entry at most once while its lease holds; a runner
// that dies leaves its leases to expire and be taken again (the crash window RFC 5321 §6.1 allows).
//
// Invariants: an entry leaves the queue only as delivered, failed (bounced) or removed, and then
// releases its reference on the message row (and so, at the last one, the message and its text index
// entry). A settlement from a runner that no longer holds the lease is ignored.
import type { WriteTx } from '../../store/types.ts';
import type { QueueEntry, QueueSettlement } from '../queue-types.ts';
import { SELECT_QUEUE, toQueueEntry, type QueueRow } from '../queries/queue.ts';
import { inChunks, placeholders } from '../queries/uid-set.ts';
import { releaseMessages } from './entries.ts';

/** Takes up to `limit` due entries (queued and due, or leased by a runner whose lease ran out). */
export async function leaseDue(tx: WriteTx, args: { owner: string; now: number; leaseMs: number; limit: number }): Promise<QueueEntry[]> {
  const due = await tx.all<{ id: number }>(
    `SELECT id FROM queue
      WHERE (status = 'queued' AND next_attempt_at <= ?) OR (status = 'delivering' AND lease_until <= ?)
      ORDER BY message_id, id LIMIT ?`,
    [args.now, args.now, args.limit],
  );
  if (due.length === 0) return [];
  const ids = due.map((row) => row.id);
  const entries: QueueEntry[] = [];
  for (const chunk of inChunks(ids)) {
    await tx.run(`UPDATE queue SET status = 'delivering', lease_owner = ?, lease_until = ? WHERE id IN (${placeholders(chunk.length)})`, [
      args.owner,
      args.now + args.leaseMs,
      ...chunk,
    ]);
    const rows = await tx.all<QueueRow>(`${SELECT_QUEUE} WHERE q.id IN (${placeholders(chunk.length)}) ORDER BY q.message_id, q.id`, chunk);
    entries.push(...rows.map(toQueueEntry));
  }
  return entries;
}

/** Extends `owner`'s leases on `ids` to now + leaseMs; returns the ids it still held (and so renewed). */
export async function renewLeases(tx: WriteTx, args: { owner: string; ids: readonly number[]; leaseMs: number; now: number }): Promise<number[]> {
  const renewed: number[] = [];
  for (const chunk of inChunks([...args.ids])) {
    const rows = await tx.all<{ id: number }>(
      `UPDATE queue SET lease_until = ? WHERE status = 'delivering' AND lease_owner = ? AND id IN (${placeholders(chunk.length)}) RETURNING id`,
      [args.now + args.leaseMs, args.owner, ...chunk],
    );
    renewed.push(...rows.map((row) => row.id));
  }
  return renewed;
}

/** Records each attempt; delivered and failed entries leave the queue. Returns the ids settled. */
export async function settleQueue(tx: WriteTx, args: { owner: string; settlements: readonly QueueSettlement[] }): Promise<number[]> {
  const settled: number[] = [];
  const released = new Map<number, number>();
  for (const { queueId, attempt, nextAttemptAt } of args.settlements) {
    const row = await tx.get<{ message_id: number }>("SELECT message_id FROM queue WHERE id = ? AND status = 'delivering' AND lease_owner = ?", [queueId, args.owner]);
    if (row === undefined) continue;
    settled.push(queueId);
    if (attempt.outcome === 'deferred') {
      await tx.run(
        `INSERT INTO queue_attempts (queue_id, attempted_at, outcome, status, detail, host, tls) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [queueId, attempt.attemptedAt, attempt.outcome, attempt.status, attempt.detail, attempt.host, attempt.tls === null ? null : JSON.stringify(attempt.tls)],
      );
      await tx.run(
        // A `queue bounce` that came in during the attempt keeps the entry due now.
        `UPDATE queue SET status = 'queued', lease_owner = NULL, lease_until = NULL, attempts = attempts + 1, last_reply = ?,
           next_attempt_at = CASE WHEN bounce_requested = 1 THEN ? ELSE ? END WHERE id = ?`,
        [attempt.detail, attempt.attemptedAt, nextAttemptAt ?? attempt.attemptedAt, queueId],
      );
    } else {
      await tx.run('DELETE FROM queue WHERE id = ?', [queueId]);
      released.set(row.message_id, (released.get(row.message_id) ?? 0) + 1);
    }
  }
  await releaseMessages(tx, released);
  return settled;
}

/** The delay warning of these entries went out (RFC 3461 §4.1 DELAY: once). */
export async function markDelayWarned(tx: WriteTx, args: { ids: readonly number[] }): Promise<void> {
  for (const chunk of inChunks([...args.ids])) await tx.run(`UPDATE queue SET delay_warned = 1 WHERE id IN (${placeholders(chunk.length)})`, chunk);
}

/** `queue retry`: the entries (or all, for `ids` null) are due now. Returns how many. */
export async function retryQueue(tx: WriteTx, args: { ids: readonly number[] | null; now: number }): Promise<number> {
  if (args.ids === null) {
    const rows = await tx.all<{ id: number }>("UPDATE queue SET next_attempt_at = ? WHERE status = 'queued' RETURNING id", [args.now]);
    if (rows.length > 0) tx.emit({ kind: 'queue-added', queueId: rows[0]!.id });
    return rows.length;
  }
  let count = 0;
  for (const chunk of inChunks([...args.ids])) {
    const rows = await tx.all<{ id: number }>(`UPDATE queue SET next_attempt_at = ? WHERE status = 'queued' AND id IN (${placeholders(chunk.length)}) RETURNING id`, [args.now, ...chunk]);
    count += rows.length;
    if (rows.length > 0) tx.emit({ kind: 'queue-added', queueId: rows[0]!.id });
  }
  return count;
}

/** `queue bounce`: the runner bounces the entries at its next pass, without another attempt. */
export async function requestBounce(tx: WriteTx, args: { ids: readonly number[]; now: number }): Promise<number> {
  let count = 0;
  for (const chunk of inChunks([...args.ids])) {
    const rows = await tx.all<{ id: number }>(
      `UPDATE queue SET bounce_requested = 1, next_attempt_at = ? WHERE id IN (${placeholders(chunk.length)}) RETURNING id`,
      [args.now, ...chunk],
    );
    count += rows.length;
    if (rows.length > 0) tx.emit({ kind: 'queue-added', queueId: rows[0]!.id });
  }
  return count;
}

/** `queue delete`: the entries leave the queue without a notification. Returns how many. */
export async function removeQueueEntries(tx: WriteTx, args: { ids: readonly number[] }): Promise<number> {
  const released = new Map<number, number>();
  let count = 0;
  for (const chunk of inChunks([...args.ids])) {
    const rows = await tx.all<{ message_id: number }>(`DELETE FROM queue WHERE id IN (${placeholders(chunk.length)}) RETURNING message_id`, chunk);
    for (const row of rows) released.set(row.message_id, (released.get(row.message_id) ?? 0) + 1);
    count += rows.length;
  }
  await releaseMessages(tx, released);
  return count;
}

/** Hands the entries leased by `owners` (runners known to be gone) back to the queue, due now. */
export async function releaseLeases(tx: WriteTx, args: { owners: readonly string[]; now: number }): Promise<number> {
  let count = 0;
  for (const chunk of inChunks([...args.owners])) {
    const rows = await tx.all<{ id: number }>(
      `UPDATE queue SET status = 'queued', lease_owner = NULL, lease_until = NULL, next_attempt_at = ? WHERE status = 'delivering' AND lease_owner IN (${placeholders(chunk.length)}) RETURNING id`,
      [args.now, ...chunk],
    );
    count += rows.length;
  }
  return count;
}
