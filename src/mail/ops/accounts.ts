// Write operations on accounts. An account owns its mailboxes (created subscribed, with increasing
// UIDVALIDITYs, see ops/mailboxes.ts); removing it releases its references to message bodies (a
// message nothing references any more is deleted; its blob file is left for check-store to collect
// after the grace period). Forwarding (forward_to, keep_copy) is read by recipient resolution.
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { normaliseAddress } from '../address.ts';
import { findAccount } from '../queries/accounts.ts';
import { findDomain } from '../queries/domains.ts';
import { listMailboxes } from '../queries/mailboxes.ts';
import { DEFAULT_MAILBOXES, SENDER_POLICIES, type Account, type SenderPolicy } from '../types.ts';
import { releaseMessages } from './entries.ts';
import { insertMailbox } from './mailboxes.ts';

export interface AddAccountArgs {
  address: string;
  passwordHash: string;
  quotaBytes: number | null;
  quotaMessages: number | null;
  isAdmin: boolean;
  now: number;
}

export async function addAccount(tx: WriteTx, args: AddAccountArgs): Promise<Account> {
  const { address, domain: domainName } = normaliseAddress(args.address);
  requirePasswordHash(args.passwordHash);
  requireQuota(args.quotaBytes, args.quotaMessages);
  const domain = await findDomain(tx, domainName);
  if (!domain) throw new StoreOpError('not-found', `domain ${domainName} does not exist`, { domain: domainName });
  if (domain.aliasOf !== null) {
    throw new StoreOpError('invalid', `${domainName} is an alias of ${domain.aliasOf}; add the account there`, { domain: domainName });
  }
  if (await findAccount(tx, address)) throw new StoreOpError('exists', `account ${address} already exists`, { address });
  await tx.run('INSERT INTO accounts (address, domain_id, password_hash, quota_bytes, quota_messages, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    address,
    domain.id,
    args.passwordHash,
    args.quotaBytes,
    args.quotaMessages,
    args.isAdmin ? 1 : 0,
    args.now,
  ]);
  const account = await findAccount(tx, address);
  if (!account) throw new Error(`account ${address} was not inserted`);
  for (const mailbox of DEFAULT_MAILBOXES) {
    await insertMailbox(tx, account, mailbox.name, mailbox.specialUse, args.now);
    await tx.run('INSERT INTO subscriptions (account_id, name) VALUES (?, ?)', [account.id, mailbox.name]);
  }
  return account;
}

export async function removeAccount(tx: WriteTx, args: { address: string }): Promise<void> {
  const account = await requireAccount(tx, args.address);
  const mailboxes = await listMailboxes(tx, account.id);
  const references = await tx.all<{ message_id: number; entries: number }>(
    `SELECT mm.message_id, COUNT(*) AS entries
       FROM mailbox_messages mm JOIN mailboxes mb ON mb.id = mm.mailbox_id
      WHERE mb.account_id = ? GROUP BY mm.message_id`,
    [account.id],
  );
  // Mailboxes, their entries, change logs and subscriptions go with the account (ON DELETE CASCADE).
  await tx.run('DELETE FROM accounts WHERE id = ?', [account.id]);
  await releaseMessages(tx, new Map(references.map((row) => [row.message_id, row.entries])));
  for (const mailbox of mailboxes) tx.emit({ kind: 'mailbox-deleted', accountId: account.id, mailboxId: mailbox.id });
}

export async function setPassword(tx: WriteTx, args: { address: string; passwordHash: string }): Promise<void> {
  requirePasswordHash(args.passwordHash);
  const account = await requireAccount(tx, args.address);
  await tx.run('UPDATE accounts SET password_hash = ? WHERE id = ?', [args.passwordHash, account.id]);
}

/**
 * A lower quota than the current usage is allowed: it only refuses further deliveries. Without
 * `quotaMessages` the message limit stays as it is.
 */
export async function setQuota(tx: WriteTx, args: { address: string; quotaBytes: number | null; quotaMessages?: number | null }): Promise<void> {
  requireQuota(args.quotaBytes, args.quotaMessages ?? null);
  const account = await requireAccount(tx, args.address);
  if (args.quotaMessages === undefined) {
    await tx.run('UPDATE accounts SET quota_bytes = ? WHERE id = ?', [args.quotaBytes, account.id]);
  } else {
    await tx.run('UPDATE accounts SET quota_bytes = ?, quota_messages = ? WHERE id = ?', [args.quotaBytes, args.quotaMessages, account.id]);
  }
}

/** Which sender addresses the account may use at submission (RFC 6409 §6.1). */
export async function setSenderPolicy(tx: WriteTx, args: { address: string; policy: SenderPolicy }): Promise<void> {
  if (!SENDER_POLICIES.includes(args.policy)) throw new StoreOpError('invalid', `sender policy must be one of ${SENDER_POLICIES.join(', ')}: ${String(args.policy)}`);
  const account = await requireAccount(tx, args.address);
  await tx.run('UPDATE accounts SET sender_policy = ? WHERE id = ?', [args.policy, account.id]);
}

/**
 * Forwarding of an account's mail: `targets` (deduplicated, stored lowercased like alias targets) get
 * it, and its INBOX too when `keepCopy`. No targets stops forwarding (and resets keepCopy). Targets are
 * not looked up here: a local one that does not exist is skipped at delivery, as for aliases.
 */
export async function setForwarding(tx: WriteTx, args: { address: string; targets: string[]; keepCopy: boolean }): Promise<Account> {
  const account = await requireAccount(tx, args.address);
  if (!Array.isArray(args.targets)) throw new StoreOpError('invalid', 'forwarding targets must be a list of addresses');
  const targets = [...new Set(args.targets.map((target) => normaliseAddress(target).address))];
  if (targets.includes(account.address)) {
    throw new StoreOpError('invalid', `${account.address} cannot forward to itself; keep a copy in its INBOX instead`, { address: account.address });
  }
  const keepCopy = targets.length === 0 || args.keepCopy;
  await tx.run('UPDATE accounts SET forward_to = ?, keep_copy = ? WHERE id = ?', [JSON.stringify(targets), keepCopy ? 1 : 0, account.id]);
  return { ...account, forwardTo: targets, keepCopy };
}

async function requireAccount(tx: WriteTx, address: string): Promise<Account> {
  const normalised = normaliseAddress(address).address;
  const account = await findAccount(tx, normalised);
  if (!account) throw new StoreOpError('not-found', `account ${normalised} does not exist`, { address: normalised });
  return account;
}

function requirePasswordHash(hash: string): void {
  if (typeof hash !== 'string' || hash.length === 0) throw new StoreOpError('invalid', 'the password hash is empty');
}

function requireQuota(quotaBytes: number | null, quotaMessages: number | null): void {
  if (quotaBytes !== null && !(Number.isSafeInteger(quotaBytes) && quotaBytes >= 0)) {
    throw new StoreOpError('invalid', `quota must be a whole number of bytes or unlimited: ${String(quotaBytes)}`);
  }
  if (quotaMessages !== null && !(Number.isSafeInteger(quotaMessages) && quotaMessages >= 0)) {
    throw new StoreOpError('invalid', `message quota must be a whole number of messages or unlimited: ${String(quotaMessages)}`);
  }
}
