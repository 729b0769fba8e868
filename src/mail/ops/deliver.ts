// Delivery of one stored message: one message row, a mailbox entry per local recipient and a queue
// entry per remote recipient (with its own envelope sender when it is forwarded with SRS), all in the
// caller's transaction (DESIGN.md "durable before 250"). The blob must already be committed: the
// database never references a missing blob.
//
// UIDs and MODSEQs are allocated under the mailbox row (ops/entries.ts); the message's text goes into
// the text index once, shared by every recipient's entry.
import { Buffer } from 'node:buffer';
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { findAccountById } from '../queries/accounts.ts';
import { canonicalMailboxName, findMailbox } from '../queries/mailboxes.ts';
import { allocate, charge, insertEntry, recordChanges, requireRoom } from './entries.ts';
import type { Account, DeliveryRequest, DeliveryResult, Mailbox } from '../types.ts';

export interface DeliverArgs {
  request: DeliveryRequest;
  /** ms since epoch: queue entries are due now. */
  now: number;
}

const BLOB_HASH = /^[0-9a-f]{64}$/;

interface LocalTarget {
  account: Account;
  mailbox: Mailbox;
  prefix: string;
  /** Blob size + prefix bytes: what the entry charges against the quota and what RFC822.SIZE reports. */
  size: number;
}

export async function deliver(tx: WriteTx, { request, now }: DeliverArgs): Promise<DeliveryResult> {
  requireWellFormed(request);
  const targets = await resolveLocalTargets(tx, request);
  requireQuota(targets);

  const message = await tx.get<{ id: number }>(
    'INSERT INTO messages (blob_hash, size, summary, received_at, sender, refcount) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    [
      request.blob.hash,
      request.blob.size,
      JSON.stringify(request.summary),
      request.receivedAt,
      request.sender,
      request.local.length + request.remote.length,
    ],
  );
  if (!message) throw new Error('message row was not inserted');

  // Only mailbox entries are searched; a message that is only queued needs no index entry.
  if (targets.length > 0) await tx.run(tx.dialect.textIndex.insert, [message.id, request.searchText, request.headerText]);

  const result: DeliveryResult = { messageId: message.id, local: [], queueIds: [] };
  for (const target of targets) {
    const { account, mailbox } = target;
    const { firstUid: uid, modseq } = await allocate(tx, mailbox.id, 1, 1);
    await insertEntry(tx, mailbox.id, {
      uid,
      messageId: message.id,
      modseq,
      systemFlags: 0,
      keywords: '',
      internalDate: request.receivedAt,
      prefix: target.prefix,
      size: target.size,
    });
    await recordChanges(tx, mailbox, 'message-added', modseq, [uid], now);
    await charge(tx, account.id, target.size, 1);
    result.local.push({ accountId: account.id, mailboxId: mailbox.id, uid, modseq });
  }

  for (const { recipient, dsn, sender } of request.remote) {
    const queued = await tx.get<{ id: number }>(
      `INSERT INTO queue (message_id, sender, recipient, status, next_attempt_at, attempts, created_at, notify, orcpt, ret, envid, submitted, smtputf8)
       VALUES (?, ?, ?, 'queued', ?, 0, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        message.id,
        sender ?? request.sender,
        recipient,
        now,
        now,
        dsn?.notify ? dsn.notify.join(',') : null,
        dsn?.orcpt ? `${dsn.orcpt.type};${dsn.orcpt.address}` : null,
        request.dsn?.ret ?? null,
        request.dsn?.envid ?? null,
        request.submitted === false ? 0 : 1,
        request.smtputf8 === true ? 1 : 0,
      ],
    );
    if (!queued) throw new Error(`queue entry for ${recipient} was not inserted`);
    tx.emit({ kind: 'queue-added', queueId: queued.id });
    result.queueIds.push(queued.id);
  }
  return result;
}

function requireWellFormed(request: DeliveryRequest): void {
  const { blob } = request;
  if (!BLOB_HASH.test(blob.hash)) throw new StoreOpError('invalid', `not a blob hash: ${JSON.stringify(blob.hash)}`);
  if (!Number.isSafeInteger(blob.size) || blob.size < 0) throw new StoreOpError('invalid', `not a blob size: ${blob.size}`);
  if (request.local.length + request.remote.length === 0) throw new StoreOpError('invalid', 'a delivery needs at least one recipient');
  for (const { recipient, sender } of request.remote) {
    // The remote local part keeps its case: only the destination may fold it (RFC 5321 §2.4).
    if (typeof recipient !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(recipient)) {
      throw new StoreOpError('invalid', `not a remote recipient address: ${JSON.stringify(recipient)}`);
    }
    if (sender !== undefined && typeof sender !== 'string') throw new StoreOpError('invalid', `not an envelope sender: ${JSON.stringify(sender)}`);
  }
}

async function resolveLocalTargets(tx: WriteTx, request: DeliveryRequest): Promise<LocalTarget[]> {
  const targets: LocalTarget[] = [];
  for (const entry of request.local) {
    const account = await findAccountById(tx, entry.accountId);
    if (!account) throw new StoreOpError('not-found', `account ${entry.accountId} does not exist`, { accountId: entry.accountId });
    const name = canonicalMailboxName(entry.mailbox ?? 'INBOX');
    const mailbox = await findMailbox(tx, account.id, name);
    if (!mailbox) throw new StoreOpError('not-found', `${account.address} has no mailbox ${name}`, { address: account.address, mailbox: name });
    targets.push({ account, mailbox, prefix: entry.prefix, size: request.blob.size + Buffer.byteLength(entry.prefix, 'utf8') });
  }
  return targets;
}

/**
 * All or nothing: one full mailbox refuses the whole delivery (the caller's SAVEPOINT rolls back), so
 * the SMTP layer can answer per recipient before DATA and never store a message half-delivered.
 * An account receiving several entries is charged for all of them, bytes and messages (RFC 3463 §3.3
 * X.2.2 mailbox full).
 */
function requireQuota(targets: readonly LocalTarget[]): void {
  const charges = new Map<number, { account: Account; bytes: number; messages: number }>();
  for (const { account, size } of targets) {
    const pending = charges.get(account.id) ?? { account, bytes: 0, messages: 0 };
    pending.bytes += size;
    pending.messages += 1;
    charges.set(account.id, pending);
  }
  for (const { account, bytes, messages } of charges.values()) requireRoom(account, bytes, messages);
}
