// Account authentication for IMAP, POP3 and SMTP AUTH: the account's Argon2id hash is verified on the
// libuv thread pool (never on the event loop), and a success is remembered briefly, as Dovecot's auth
// cache does, so a storm of logins (clients opening several connections at once) costs one Argon2
// verification per user rather than one per connection.
//
// Cache rules: keyed by the lowercased address; an entry holds an HMAC of the password under a key
// random per process (the plain password is never kept) and the stored hash it was verified against.
// It is used only while younger than the TTL and while the account's stored hash is still that one,
// so a password change (or removal of the account) invalidates it on the next attempt. Failed
// attempts are never cached: a wrong password always costs a full verification.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Account, MailService } from '../mail/types.ts';
import { verifyPassword } from './password.ts';

export interface AuthenticatorOptions {
  /** How long a verified password is trusted; default five minutes. */
  ttlMs?: number;
  /** At most this many cached successes; the oldest goes first. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
  /** The hash check; verifyPassword unless a test counts calls. */
  verify?: (passwordHash: string, password: string) => Promise<boolean>;
}

export interface Authenticator {
  /** The account when the password is right; undefined for an unknown address or a wrong password. */
  authenticate(address: string, password: string): Promise<Account | undefined>;
}

interface CacheEntry {
  passwordMac: Buffer;
  passwordHash: string;
  verifiedAt: number;
}

const DEFAULT_TTL_MS = 5 * 60_000;
const DEFAULT_MAX_ENTRIES = 10_000;

export function createAuthenticator(accounts: Pick<MailService, 'findAccount'>, options: AuthenticatorOptions = {}): Authenticator {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const verify = options.verify ?? verifyPassword;
  const macKey = randomBytes(32);
  const cache = new Map<string, CacheEntry>();
  const mac = (address: string, password: string): Buffer => createHmac('sha256', macKey).update(address).update('\0').update(password).digest();

  return {
    async authenticate(address, password) {
      const key = address.trim().toLowerCase();
      const account = await accounts.findAccount(key);
      if (!account) return undefined;
      const passwordMac = mac(key, password);
      const cached = cache.get(key);
      if (cached && cached.passwordHash === account.passwordHash && now() - cached.verifiedAt < ttlMs && timingSafeEqual(cached.passwordMac, passwordMac)) {
        return account;
      }
      if (!(await verify(account.passwordHash, password))) return undefined;
      cache.delete(key);
      cache.set(key, { passwordMac, passwordHash: account.passwordHash, verifiedAt: now() });
      if (cache.size > maxEntries) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return account;
    },
  };
}
