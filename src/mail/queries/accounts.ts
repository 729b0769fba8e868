// Account queries. used_bytes is the account's charged size (sum of its mailbox entries' sizes);
// forward_to is a JSON array of addresses (migration 009).
import type { SqlTx } from '../../store/types.ts';
import type { QuotaUsage } from '../message-types.ts';
import type { Account, SenderPolicy } from '../types.ts';

interface AccountRow {
  id: number;
  address: string;
  domain: string;
  password_hash: string;
  quota_bytes: number | null;
  used_bytes: number;
  quota_messages: number | null;
  message_count: number;
  is_admin: number;
  sender_policy: SenderPolicy;
  forward_to: string;
  keep_copy: number;
  created_at: number;
}

const SELECT_ACCOUNT = `SELECT a.id, a.address, d.name AS domain, a.password_hash, a.quota_bytes, a.used_bytes, a.quota_messages, a.message_count, a.is_admin, a.sender_policy, a.forward_to, a.keep_copy, a.created_at
  FROM accounts a JOIN domains d ON d.id = a.domain_id`;

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    address: row.address,
    domain: row.domain,
    passwordHash: row.password_hash,
    quotaBytes: row.quota_bytes,
    usedBytes: row.used_bytes,
    quotaMessages: row.quota_messages,
    messageCount: row.message_count,
    isAdmin: row.is_admin !== 0,
    senderPolicy: row.sender_policy,
    forwardTo: forwardTargets(row),
    keepCopy: row.keep_copy !== 0,
    createdAt: row.created_at,
  };
}

/** A forward_to that is not a JSON array of strings is a damaged store: an error, never "no forwarding". */
function forwardTargets(row: AccountRow): string[] {
  const parsed: unknown = JSON.parse(row.forward_to);
  if (!Array.isArray(parsed) || !parsed.every((target) => typeof target === 'string')) {
    throw new Error(`account ${row.address} has a malformed forward_to: ${row.forward_to}`);
  }
  return parsed;
}

export async function findAccount(tx: SqlTx, address: string): Promise<Account | undefined> {
  const row = await tx.get<AccountRow>(`${SELECT_ACCOUNT} WHERE a.address = ?`, [address]);
  return row && toAccount(row);
}

export async function findAccountById(tx: SqlTx, id: number): Promise<Account | undefined> {
  const row = await tx.get<AccountRow>(`${SELECT_ACCOUNT} WHERE a.id = ?`, [id]);
  return row && toAccount(row);
}

export async function listAccounts(tx: SqlTx, domain?: string): Promise<Account[]> {
  const rows =
    domain === undefined
      ? await tx.all<AccountRow>(`${SELECT_ACCOUNT} ORDER BY a.address`)
      : await tx.all<AccountRow>(`${SELECT_ACCOUNT} WHERE d.name = ? ORDER BY a.address`, [domain]);
  return rows.map(toAccount);
}

/** The domain's first admin (lowest id), else the server's. */
export async function firstAdmin(tx: SqlTx, domain: string): Promise<Account | undefined> {
  const row =
    (await tx.get<AccountRow>(`${SELECT_ACCOUNT} WHERE a.is_admin = 1 AND d.name = ? ORDER BY a.id LIMIT 1`, [domain])) ??
    (await tx.get<AccountRow>(`${SELECT_ACCOUNT} WHERE a.is_admin = 1 ORDER BY a.id LIMIT 1`));
  return row && toAccount(row);
}

/** RFC 9208 §5: STORAGE in KiB (rounded up) and MESSAGE of the account's one quota root. */
export async function quotaUsage(tx: SqlTx, accountId: number): Promise<QuotaUsage | undefined> {
  const row = await tx.get<{ used_bytes: number; message_count: number; quota_bytes: number | null; quota_messages: number | null }>(
    'SELECT used_bytes, message_count, quota_bytes, quota_messages FROM accounts WHERE id = ?',
    [accountId],
  );
  if (!row) return undefined;
  return {
    storageUsed: Math.ceil(row.used_bytes / 1024),
    storageLimit: row.quota_bytes === null ? null : Math.floor(row.quota_bytes / 1024),
    messagesUsed: row.message_count,
    messageLimit: row.quota_messages,
  };
}
