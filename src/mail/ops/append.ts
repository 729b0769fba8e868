// APPEND (RFC 9051 §6.3.12): one message stored into one mailbox with the client's flags and
// internal date; the blob is already committed. Charged against the quota (RFC 9208 §5.1: NO
// [OVERQUOTA]); returns what APPENDUID reports (RFC 4315 §3).
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { toStoredFlags } from '../flags.ts';
import { validMailboxName } from '../mailbox-name.ts';
import type { AppendInput, AppendResult } from '../message-types.ts';
import { findAccountById } from '../queries/accounts.ts';
import { findMailbox } from '../queries/mailboxes.ts';
import { allocate, charge, insertEntry, recordChanges, requireRoom } from './entries.ts';

const BLOB_HASH = /^[0-9a-f]{64}$/;

export async function append(tx: WriteTx, args: { input: AppendInput; now: number }): Promise<AppendResult> {
  const { input, now } = args;
  if (!BLOB_HASH.test(input.blob.hash) || !Number.isSafeInteger(input.blob.size) || input.blob.size < 0) {
    throw new StoreOpError('invalid', `not a stored blob: ${JSON.stringify(input.blob)}`);
  }
  if (!Number.isSafeInteger(input.internalDate)) throw new StoreOpError('invalid', `not an internal date: ${String(input.internalDate)}`);
  const flags = toStoredFlags(input.flags);
  const account = await findAccountById(tx, input.accountId);
  if (!account) throw new StoreOpError('not-found', `account ${input.accountId} does not exist`, { accountId: input.accountId });
  const name = validMailboxName(input.mailbox);
  // RFC 9051 §6.3.12: a missing target is NO [TRYCREATE].
  const mailbox = await findMailbox(tx, account.id, name);
  if (!mailbox) throw new StoreOpError('not-found', `mailbox ${name} does not exist`, { mailbox: name, tryCreate: 1 });
  requireRoom(account, input.blob.size, 1);

  const message = await tx.get<{ id: number }>(
    `INSERT INTO messages (blob_hash, size, summary, received_at, sender, refcount) VALUES (?, ?, ?, ?, '', 1) RETURNING id`,
    [input.blob.hash, input.blob.size, input.summary, input.internalDate],
  );
  if (!message) throw new Error('message row was not inserted');
  await tx.run(tx.dialect.textIndex.insert, [message.id, input.searchText, input.headerText]);
  const { firstUid: uid, modseq } = await allocate(tx, mailbox.id, 1, 1);
  await insertEntry(tx, mailbox.id, {
    uid,
    messageId: message.id,
    modseq,
    systemFlags: flags.system,
    keywords: flags.keywords,
    internalDate: input.internalDate,
    prefix: '',
    size: input.blob.size,
  });
  await recordChanges(tx, mailbox, 'message-added', modseq, [uid], now);
  await charge(tx, account.id, input.blob.size, 1);
  return { mailboxId: mailbox.id, uidValidity: mailbox.uidValidity, uid, modseq };
}
