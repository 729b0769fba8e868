// QUOTA (RFC 9208): one quota root per account, named "" (as Dovecot's default), holding every mailbox
// of the account. Only resources with a limit are reported (RFC 9208 §4.3.1: a resource without a limit
// is not listed), STORAGE in units of 1024 octets (§5.1), MESSAGE in messages (§5.2). An account
// without any limit has no quota root.
import type { QuotaUsage } from '../mail/index.ts';

export const QUOTA_ROOT = '';

/** `QUOTA "" (STORAGE used limit MESSAGE used limit)` without `* `, or null when nothing is limited. */
export function quotaResponse(usage: QuotaUsage): string | null {
  const resources: string[] = [];
  if (usage.storageLimit !== null) resources.push(`STORAGE ${usage.storageUsed} ${usage.storageLimit}`);
  if (usage.messageLimit !== null) resources.push(`MESSAGE ${usage.messagesUsed} ${usage.messageLimit}`);
  return resources.length === 0 ? null : `QUOTA "${QUOTA_ROOT}" (${resources.join(' ')})`;
}
