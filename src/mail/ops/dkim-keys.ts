// Write operations on DKIM keys. The keys themselves are made by the caller (outbound/dkim-record.ts
// generates them; the writer thread must not spend its time on RSA key generation): these operations
// store, activate and remove them.
//
// Invariants: the domain is a local domain (a row in domains, a domain alias included, since mail
// may be sent From: its addresses); at most one active key per domain, and making a key active makes
// the domain's other keys inactive in the same transaction; selectors are unique per domain.
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { normaliseDomain } from '../address.ts';
import { findDkimKey } from '../queries/dkim-keys.ts';
import { findDomain } from '../queries/domains.ts';
import { DKIM_ALGORITHMS, type DkimAlgorithm, type DkimKey, type Domain } from '../types.ts';

/** RFC 6376 §3.1: selector = sub-domain *("." sub-domain), sub-domain as RFC 5321 §4.1.2 (Let-dig [Ldh-str]). */
const SELECTOR_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** RFC 1035 §2.3.4: the whole record name `selector._domainkey.domain` fits in 253 characters. */
const MAX_NAME = 253;
/** Base64 (RFC 4648 §4) without whitespace: the p= value as stored. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `active`: make it the domain's signing key (its other keys become inactive). */
export type AddDkimKeyArgs = Pick<DkimKey, 'domain' | 'selector' | 'algorithm' | 'privateKeyPem' | 'publicKey' | 'active'> & { now: number };

function normaliseSelector(selector: string, domain: string): string {
  const lowered = selector.trim().toLowerCase();
  if (!lowered.split('.').every((label) => SELECTOR_LABEL.test(label))) {
    throw new StoreOpError('invalid', `not a valid DKIM selector (letters, digits, inner hyphens, dot-separated): ${JSON.stringify(selector)}`);
  }
  if (`${lowered}._domainkey.${domain}`.length > MAX_NAME) {
    throw new StoreOpError('invalid', `DKIM selector ${lowered} makes the record name longer than ${MAX_NAME} characters`);
  }
  return lowered;
}

async function requireDomain(tx: WriteTx, name: string): Promise<Domain> {
  const domain = await findDomain(tx, name);
  if (!domain) throw new StoreOpError('not-found', `domain ${name} does not exist`, { domain: name });
  return domain;
}

async function requireKey(tx: WriteTx, args: { domain: string; selector: string }): Promise<DkimKey> {
  const domain = normaliseDomain(args.domain);
  await requireDomain(tx, domain);
  const selector = args.selector.trim().toLowerCase();
  const key = await findDkimKey(tx, domain, selector);
  if (!key) throw new StoreOpError('not-found', `DKIM key ${selector} of ${domain} does not exist`, { domain, selector });
  return key;
}

async function deactivateKeys(tx: WriteTx, domainId: number): Promise<void> {
  await tx.run('UPDATE dkim_keys SET active = 0 WHERE domain_id = ? AND active = 1', [domainId]);
}

export async function addDkimKey(tx: WriteTx, args: AddDkimKeyArgs): Promise<DkimKey> {
  const name = normaliseDomain(args.domain);
  const domain = await requireDomain(tx, name);
  const selector = normaliseSelector(args.selector, name);
  if (!DKIM_ALGORITHMS.includes(args.algorithm)) {
    throw new StoreOpError('invalid', `DKIM algorithm must be one of ${DKIM_ALGORITHMS.join(', ')}: ${String(args.algorithm)}`);
  }
  if (!args.privateKeyPem.includes('-----BEGIN PRIVATE KEY-----')) throw new StoreOpError('invalid', 'the DKIM private key must be a PKCS#8 PEM');
  if (!BASE64.test(args.publicKey)) throw new StoreOpError('invalid', 'the DKIM public key must be base64');
  if (await findDkimKey(tx, name, selector)) {
    throw new StoreOpError('exists', `DKIM key ${selector} of ${name} already exists`, { domain: name, selector });
  }
  if (args.active) await deactivateKeys(tx, domain.id);
  await tx.run(
    'INSERT INTO dkim_keys (domain_id, selector, algorithm, private_key, public_key, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [domain.id, selector, args.algorithm, args.privateKeyPem, args.publicKey, args.active ? 1 : 0, args.now],
  );
  const stored = await findDkimKey(tx, name, selector);
  if (!stored) throw new Error(`DKIM key ${selector} of ${name} vanished after insert`);
  return stored;
}

/** Makes the key the domain's signing key; the one active before becomes inactive. */
export async function activateDkimKey(tx: WriteTx, args: { domain: string; selector: string }): Promise<DkimKey> {
  const key = await requireKey(tx, args);
  const domain = await requireDomain(tx, key.domain);
  await deactivateKeys(tx, domain.id);
  await tx.run('UPDATE dkim_keys SET active = 1 WHERE id = ?', [key.id]);
  return { ...key, active: true };
}

/** Removes the key and returns it as it was. Removing the active key leaves the domain without one. */
export async function removeDkimKey(tx: WriteTx, args: { domain: string; selector: string }): Promise<DkimKey> {
  const key = await requireKey(tx, args);
  await tx.run('DELETE FROM dkim_keys WHERE id = ?', [key.id]);
  return key;
}
