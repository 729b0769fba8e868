// The ACME account (RFC 8555 §7.3) kept in the instance directory: `certs/acme/account.key`, an ECDSA
// P-256 key made once (PKCS#8 PEM, mode 0600), and `certs/acme/account.json`, the account URL each CA
// (by directory URL) gave that key, with the contact address registered there.
//
// Invariant: the key is never replaced once written (the CA knows the account by it).
import { join } from 'node:path';
import { crypto as acmeCrypto } from 'acme-client';
import { ACME_DIR, readAcmeFile, readAcmeJson, writeAcmeFile } from './files.ts';

export const ACCOUNT_KEY_FILE = join(ACME_DIR, 'account.key');
export const ACCOUNT_FILE = join(ACME_DIR, 'account.json');

/** What one CA knows of us. */
export interface AccountRegistration {
  readonly url: string;
  readonly email: string;
}

/** The account key, made and stored on first use. */
export async function loadAccountKey(instanceDir: string): Promise<string> {
  const existing = await readAcmeFile(instanceDir, ACCOUNT_KEY_FILE);
  if (existing !== undefined) return existing;
  const key = (await acmeCrypto.createPrivateEcdsaKey('P-256')).toString();
  // Registrations belong to the key that made them: with a new key they would sign for an account the
  // CA knows under another key, and every request would fail. The new key registers afresh.
  await writeAcmeFile(instanceDir, ACCOUNT_FILE, '{}\n');
  await writeAcmeFile(instanceDir, ACCOUNT_KEY_FILE, key);
  return key;
}

async function readRegistrations(instanceDir: string): Promise<Record<string, AccountRegistration>> {
  const out: Record<string, AccountRegistration> = {};
  for (const [directory, entry] of Object.entries(await readAcmeJson(instanceDir, ACCOUNT_FILE))) {
    if (typeof entry.url === 'string' && typeof entry.email === 'string') out[directory] = { url: entry.url, email: entry.email };
  }
  return out;
}

/** The account registered at `directoryUrl`, when there is one. */
export async function findRegistration(instanceDir: string, directoryUrl: string): Promise<AccountRegistration | undefined> {
  return (await readRegistrations(instanceDir))[directoryUrl];
}

export async function saveRegistration(instanceDir: string, directoryUrl: string, registration: AccountRegistration): Promise<void> {
  const all = await readRegistrations(instanceDir);
  all[directoryUrl] = registration;
  await writeAcmeFile(instanceDir, ACCOUNT_FILE, `${JSON.stringify(all, null, 2)}\n`);
}
