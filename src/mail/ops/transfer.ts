// COPY and MOVE (RFC 9051 §6.4.7, RFC 6851, UIDPLUS COPYUID RFC 4315 §3): the copies get consecutive
// new UIDs in the target in source UID order, keep flags, internal date and prefix, and share the
// stored body (its reference count goes up). A copy is charged against the quota; a move is not (the
// entries only change mailbox) and expunges the sources in the same transaction, with their events.
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { toStoredFlags } from '../flags.ts';
import { validMailboxName } from '../mailbox-name.ts';
import type { CopyResult, MessageEntry, UidSet } from '../message-types.ts';
import { findAccountById } from '../queries/accounts.ts';
import { findMailbox, listEntries } from '../queries/mailboxes.ts';
import type { Mailbox } from '../types.ts';
import { allocate, charge, insertEntry, recordChanges, requireRoom } from './entries.ts';
import { removeEntries, requireMailboxById } from './expunge.ts';

export interface TransferArgs {
  accountId: number;
  sourceMailboxId: number;
  uids: UidSet;
  target: string;
  now: number;
}

export function copyMessages(tx: WriteTx, args: TransferArgs): Promise<CopyResult> {
  return transfer(tx, args, false);
}

export function moveMessages(tx: WriteTx, args: TransferArgs): Promise<CopyResult> {
  return transfer(tx, args, true);
}

async function transfer(tx: WriteTx, args: TransferArgs, removeFromSource: boolean): Promise<CopyResult> {
  const source = await requireMailboxById(tx, args.sourceMailboxId);
  if (source.accountId !== args.accountId) throw new StoreOpError('not-found', `mailbox ${source.id} does not exist`, { mailboxId: source.id });
  const name = validMailboxName(args.target);
  // RFC 9051 §6.4.7: a missing target is NO [TRYCREATE].
  const target = await findMailbox(tx, args.accountId, name);
  if (!target) throw new StoreOpError('not-found', `mailbox ${name} does not exist`, { mailbox: name, tryCreate: 1 });
  const entries = await listEntries(tx, source.id, { uids: args.uids });
  return transferEntries(tx, { source, target, entries, removeFromSource, now: args.now });
}

export interface TransferEntriesArgs {
  source: Mailbox;
  target: Mailbox;
  entries: readonly MessageEntry[];
  removeFromSource: boolean;
  now: number;
}

export async function transferEntries(tx: WriteTx, args: TransferEntriesArgs): Promise<CopyResult> {
  const { source, target, entries } = args;
  const sourceUids = entries.map((entry) => entry.uid);
  if (entries.length === 0) return { targetMailboxId: target.id, uidValidity: target.uidValidity, sourceUids, targetUids: [] };
  const bytes = entries.reduce((sum, entry) => sum + entry.size, 0);
  if (!args.removeFromSource) {
    const account = await findAccountById(tx, target.accountId);
    if (!account) throw new StoreOpError('not-found', `account ${target.accountId} does not exist`, { accountId: target.accountId });
    requireRoom(account, bytes, entries.length);
  }
  const { firstUid, modseq } = await allocate(tx, target.id, entries.length, entries.length);
  const targetUids: number[] = [];
  for (const [index, entry] of entries.entries()) {
    const uid = firstUid + index;
    const flags = toStoredFlags(entry.flags);
    await insertEntry(tx, target.id, {
      uid,
      messageId: entry.messageId,
      modseq,
      systemFlags: flags.system,
      keywords: flags.keywords,
      internalDate: entry.internalDate,
      prefix: entry.prefix,
      size: entry.size,
    });
    targetUids.push(uid);
  }
  await recordChanges(tx, target, 'message-added', modseq, targetUids, args.now);
  if (args.removeFromSource) {
    const rows = entries.map((entry) => ({ uid: entry.uid, message_id: entry.messageId, size: entry.size }));
    await removeEntries(tx, source, rows, { release: false, now: args.now });
  } else {
    const references = new Map<number, number>();
    for (const entry of entries) references.set(entry.messageId, (references.get(entry.messageId) ?? 0) + 1);
    for (const [messageId, count] of references) await tx.run('UPDATE messages SET refcount = refcount + ? WHERE id = ?', [count, messageId]);
    await charge(tx, target.accountId, bytes, entries.length);
  }
  return { targetMailboxId: target.id, uidValidity: target.uidValidity, sourceUids, targetUids };
}
