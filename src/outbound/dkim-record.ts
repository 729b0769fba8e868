// DKIM keys and the DNS records that publish them: key generation (node:crypto; the signing itself is
// mailauth's), the key record's name and text (RFC 6376 §3.6.1, §3.6.2), and its zone-file form.
//
// Contract:
// - RSA keys are 2048 bits (RFC 8301 §3.2 requires at least 1024 and recommends 2048); Ed25519 keys are
//   RFC 8463 ones. The private key is PKCS#8 PEM; the public key is base64 of what p= carries: the
//   DER SubjectPublicKeyInfo for RSA (RFC 6376 §3.6.1), the raw 32-byte key for Ed25519 (RFC 8463 §4.2).
// - The record name is `selector._domainkey.domain` (RFC 6376 §3.6.2.1) in A-labels (RFC 5890).
// - A TXT character-string holds at most 255 octets (RFC 1035 §3.3), so the record text is split into
//   several strings, which verifiers concatenate without separators (RFC 6376 §3.6.2.2). The text
//   is ASCII, so characters and octets count alike.
import { generateKeyPair } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { promisify } from 'node:util';
import type { DkimAlgorithm, DkimKey } from '../mail/index.ts';

const generateKeyPairAsync = promisify(generateKeyPair);

const RSA_KEY_BITS = 2048;
/** RFC 1035 §3.3 <character-string>: one length octet, so at most 255 octets. */
const TXT_STRING_MAX = 255;

export interface GeneratedDkimKey {
  algorithm: DkimAlgorithm;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** base64, as published in p=. */
  publicKey: string;
}

/** A new key pair for `algorithm`. */
export async function generateDkimKey(algorithm: DkimAlgorithm): Promise<GeneratedDkimKey> {
  if (algorithm === 'rsa-sha256') {
    const pair = await generateKeyPairAsync('rsa', {
      modulusLength: RSA_KEY_BITS,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return { algorithm, privateKeyPem: pair.privateKey, publicKey: pair.publicKey.toString('base64') };
  }
  const pair = await generateKeyPairAsync('ed25519');
  // The JWK `x` of an Ed25519 key is exactly the raw public key (RFC 8037 §2), base64url-encoded.
  const { x } = pair.publicKey.export({ format: 'jwk' });
  if (x === undefined) throw new Error('node:crypto exported an Ed25519 public key without its x value');
  const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { algorithm, privateKeyPem, publicKey: Buffer.from(x, 'base64url').toString('base64') };
}

/** The DNS name of the key record, without the trailing dot: `selector._domainkey.domain`. */
export function dkimRecordName(key: Pick<DkimKey, 'selector' | 'domain'>): string {
  return `${key.selector}._domainkey.${domainToASCII(key.domain) || key.domain}`;
}

/** The key record's text: `v=DKIM1; k=rsa; p=…` (RFC 6376 §3.6.1; k=ed25519 from RFC 8463 §4.2). */
export function dkimRecordValue(key: Pick<DkimKey, 'algorithm' | 'publicKey'>): string {
  const keyType = key.algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa';
  return `v=DKIM1; k=${keyType}; p=${key.publicKey}`;
}

/** `value` split into TXT character-strings of at most 255 octets each, in order. */
export function txtCharacterStrings(value: string): string[] {
  const strings: string[] = [];
  for (let at = 0; at < value.length; at += TXT_STRING_MAX) strings.push(value.slice(at, at + TXT_STRING_MAX));
  return strings.length === 0 ? [''] : strings;
}

/**
 * The record as a zone-file line, e.g.
 * `ms202611._domainkey.example.org. IN TXT "v=DKIM1; k=rsa; p=MIIBIjAN…" "…IDAQAB"`.
 * The text holds no `"` or `\`, so the strings need no escaping (RFC 1035 §5.1).
 */
export function dkimZoneLine(key: Pick<DkimKey, 'selector' | 'domain' | 'algorithm' | 'publicKey'>): string {
  const strings = txtCharacterStrings(dkimRecordValue(key)).map((s) => `"${s}"`);
  return `${dkimRecordName(key)}. IN TXT ${strings.join(' ')}`;
}

/** The selector `dkim generate` picks when none is given: `ms` and the UTC year and month, e.g. `ms202611`. */
export function defaultDkimSelector(now: number): string {
  const date = new Date(now);
  return `ms${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}
