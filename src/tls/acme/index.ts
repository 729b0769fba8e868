// ACME (RFC 8555): automatic certificates from a CA such as Let's Encrypt. The public surface of
// src/tls/acme/: the manager the server starts, the challenge map it shares with the web listeners,
// and the store protocol `mailstead cert renew` speaks with a running server.
export { startAcmeManager, systemTimers, DEFAULT_POLL_INTERVAL_MS, type AcmeManager, type AcmeManagerOptions, type AcmeTimers } from './manager.ts';
export { AcmeChallenges } from './challenges.ts';
export { acmeSettings, acmeCertificateName, type AcmeSettings, type AcmeChallengeType, type AcmeKeyType } from './settings.ts';
export { CHECK_INTERVAL_MS, RETRY_INITIAL_MS, RETRY_MAX_MS, renewalReason, retryDelay, type RenewalReason, type RenewalPolicy } from './schedule.ts';
export { ACCOUNT_KEY_FILE, ACCOUNT_FILE } from './account.ts';
export { ISSUED_FILE } from './issued.ts';
export {
  submitRenewRequest,
  abandonRenewRequest,
  findClaim,
  findRenewOutcome,
  RenewRequestInbox,
  type RenewOutcome,
  type RenewRequest,
  type SettingsStore,
  type ClaimHolder,
} from './renew-requests.ts';
