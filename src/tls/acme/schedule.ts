// When the ACME manager acts, as pure functions of the stored certificate and the clock: renew a
// certificate that is missing, unreadable, lacks a configured name, came from another CA than
// `directory_url` names now, or expires within `renew_before`; otherwise look again in 12 hours. After a failed attempt, wait 1 minute, doubling per consecutive
// failure up to 6 hours, so a CA outage or a wrong DNS record does not hammer the CA (Let's Encrypt
// counts failed validations against a rate limit) yet recovers soon after the cause is fixed.
import type { StoredCertificate } from './stored-certificate.ts';

export const CHECK_INTERVAL_MS = 12 * 3_600_000;
export const RETRY_INITIAL_MS = 60_000;
export const RETRY_MAX_MS = 6 * 3_600_000;

export type RenewalReason = 'missing' | 'unreadable' | 'hostnames changed' | 'CA changed' | 'expiring' | 'requested';

/** What the configuration asks of the certificate (AcmeSettings has these). */
export interface RenewalPolicy {
  readonly hostnames: readonly string[];
  readonly directoryUrl: string;
  readonly renewBeforeMs: number;
}

/**
 * Why the stored certificate must be renewed now, or undefined. `issuedBy` is the directory URL that
 * issued it (issued.ts), undefined for a certificate ACME did not write (imported), which is then
 * judged by its names and expiry alone.
 */
export function renewalReason(stored: StoredCertificate, issuedBy: string | undefined, policy: RenewalPolicy, now: number): RenewalReason | undefined {
  if (stored.kind === 'missing') return 'missing';
  if (stored.kind === 'unreadable') return 'unreadable';
  if (!policy.hostnames.every((hostname) => stored.covers(hostname))) return 'hostnames changed';
  if (issuedBy !== undefined && issuedBy !== policy.directoryUrl) return 'CA changed';
  // A day's margin beyond renew_before (two of the 12-hour checks): renewal comes before the daily
  // expiry mails, whose first mark is 30 days, so a healthy renewal never alarms the postmaster.
  if (stored.notAfter - now <= policy.renewBeforeMs + RENEWAL_MARGIN_MS) return 'expiring';
  return undefined;
}

/** How much earlier than renew_before a certificate is renewed (see renewalReason). */
export const RENEWAL_MARGIN_MS = 24 * 3600_000;

/** The wait before the next attempt after `failures` consecutive failed ones (≥ 1). */
export function retryDelay(failures: number): number {
  return Math.min(RETRY_INITIAL_MS * 2 ** Math.max(0, Math.min(failures - 1, 30)), RETRY_MAX_MS);
}
