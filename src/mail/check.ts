// check-store: verifies the invariants mail/ keeps between the database and the blob files, and
// collects orphan blobs. Safe while the server runs: the database checks read one snapshot, and an
// orphan is removed only when it is older than the grace period and still unreferenced on a fresh
// read, so a delivery that has committed its blob but not yet its row never loses the file.
import { createHash } from 'node:crypto';
import type { BlobStore, SqlTx } from '../store/types.ts';
import * as q from './queries/consistency.ts';

export interface CheckTarget {
  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  readonly blobs: BlobStore;
}

export interface CheckReport {
  problems: string[];
  collectedBlobs: number;
}

export async function checkStore(store: CheckTarget, options: { graceMs: number; now: number }): Promise<CheckReport> {
  const { problems, messages } = await store.read(async (tx) => {
    const messages = await q.messageReferences(tx);
    return { problems: [...(await databaseProblems(tx)), ...referenceProblems(messages)], messages };
  });
  problems.push(...(await blobProblems(store.blobs, messages)));
  const referenced = new Set(messages.map((message) => message.blob_hash));
  const collectedBlobs = await collectOrphans(store, referenced, options);
  return { problems, collectedBlobs };
}

function mailbox(label: q.MailboxLabel): string {
  return `mailbox ${label.address}/${label.name} (id ${label.mailbox_id})`;
}

async function databaseProblems(tx: SqlTx): Promise<string[]> {
  const problems: string[] = [];
  // RFC 3501 §2.3.1.1: UIDs are unique in a mailbox and below UIDNEXT.
  for (const row of await q.duplicateUids(tx)) problems.push(`${mailbox(row)}: uid ${row.uid} appears ${row.copies} times`);
  for (const row of await q.uidsNotBelowUidnext(tx)) problems.push(`${mailbox(row)}: uid ${row.uid} is not below uidnext ${row.uidnext}`);
  // RFC 7162 §3.1.1: no message has a MODSEQ above the mailbox's HIGHESTMODSEQ.
  for (const row of await q.entryModseqsAboveHighest(tx)) {
    problems.push(`${mailbox(row)}: uid ${row.uid} has modseq ${row.modseq} above highest_modseq ${row.highest_modseq}`);
  }
  for (const row of await q.changesAboveHighest(tx)) {
    problems.push(`${mailbox(row)}: change log modseq ${row.modseq} is above highest_modseq ${row.highest_modseq}`);
  }
  for (const row of await q.expungedButPresent(tx)) problems.push(`${mailbox(row)}: uid ${row.uid} is logged as expunged but still present`);
  // RFC 9051 §2.3.1.1: a new mailbox must never get a UIDVALIDITY an earlier one of that name had.
  for (const row of await q.uidValidityBehind(tx)) {
    problems.push(`account ${row.address}: last_uidvalidity ${row.last_uidvalidity} is below its mailbox's uidvalidity ${row.uidvalidity}`);
  }
  const text = await q.textIndexProblems(tx);
  for (const id of text.unindexed) problems.push(`message ${id}: has mailbox entries but no text index entry`);
  for (const id of text.stale) problems.push(`text index entry ${id}: its message does not exist`);
  for (const row of await q.mailboxCountMismatches(tx)) {
    problems.push(`${mailbox(row)}: message_count is ${row.message_count} but it holds ${row.entries} messages`);
  }
  for (const row of await q.accountUsageMismatches(tx)) {
    if (row.used_bytes !== row.entry_bytes) problems.push(`account ${row.address}: used_bytes is ${row.used_bytes} but its messages total ${row.entry_bytes} bytes`);
    if (row.message_count !== row.entries) problems.push(`account ${row.address}: message_count is ${row.message_count} but it holds ${row.entries} messages`);
  }
  return problems;
}

function referenceProblems(messages: readonly q.MessageReferences[]): string[] {
  return messages
    .filter((row) => row.refcount !== row.entries + row.queued)
    .map((row) => `message ${row.id}: refcount is ${row.refcount} but ${row.entries} mailbox entries and ${row.queued} queue entries refer to it`);
}

/** Each distinct blob is read once: its SHA-256 must equal its name and its size the rows' size. */
async function blobProblems(blobs: BlobStore, messages: readonly q.MessageReferences[]): Promise<string[]> {
  const problems: string[] = [];
  const measured = new Map<string, { hash: string; size: number } | string>();
  for (const message of messages) {
    let blob = measured.get(message.blob_hash);
    if (blob === undefined) {
      blob = await measure(blobs, message.blob_hash);
      measured.set(message.blob_hash, blob);
    }
    const prefix = `message ${message.id}: blob ${message.blob_hash}`;
    if (typeof blob === 'string') problems.push(`${prefix} ${blob}`);
    else if (blob.hash !== message.blob_hash) problems.push(`${prefix} is damaged: its content hashes to ${blob.hash}`);
    else if (blob.size !== message.size) problems.push(`${prefix} has ${blob.size} bytes but the message row says ${message.size}`);
  }
  return problems;
}

/** The blob's actual hash and size, or why it could not be read. */
async function measure(blobs: BlobStore, hash: string): Promise<{ hash: string; size: number } | string> {
  if (!(await blobs.exists(hash))) return 'is missing';
  const sha = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of blobs.open(hash)) {
      const bytes = chunk as Buffer;
      sha.update(bytes);
      size += bytes.length;
    }
  } catch (error) {
    return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { hash: sha.digest('hex'), size };
}

async function collectOrphans(store: CheckTarget, referenced: ReadonlySet<string>, options: { graceMs: number; now: number }): Promise<number> {
  const cutoff = options.now - options.graceMs;
  let collected = 0;
  for await (const blob of store.blobs.list()) {
    if (referenced.has(blob.hash) || blob.mtimeMs >= cutoff) continue;
    // Re-read: a delivery may have referenced this blob since the snapshot above.
    if (await store.read((tx) => q.isBlobReferenced(tx, blob.hash))) continue;
    // A delivery reusing the blob right now refreshes its mtime; removeIfOlder then keeps it.
    if (await store.blobs.removeIfOlder(blob.hash, cutoff)) collected++;
  }
  return collected;
}
