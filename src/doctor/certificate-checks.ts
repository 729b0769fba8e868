// The per-certificate questions of the review, each a pure function from certificates (and the clock)
// to findings: validity dates, whether a name is covered, key type and size, whether the served key is
// the configured key file's. The texts say what is wrong and what to do about it.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { certificateHostNames, daysLeft, EXPIRY_WARNING_DAYS, nameMatches, normalizeHostName } from '../tls/index.ts';
import { displayName } from './chain-review.ts';
import { error, ok, warning, type Finding } from './findings.ts';

export const DAY_MS = 86_400_000;

/** Warnings start EXPIRY_WARNING_DAYS before a certificate expires (the expiry mails' first mark too). */
export { EXPIRY_WARNING_DAYS };

/** Whole days until `notAfter`: 0 on the last day, negative once expired. */
export function daysToExpiry(notAfter: Date, now: number): number {
  return daysLeft({ notAfter }, new Date(now));
}

/** "2026-11-30" */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The validity of one served certificate; `leaf` decides the wording of what to do. */
export function expiryFinding(cert: X509Certificate, now: number, leaf: boolean): Finding {
  const name = displayName(cert);
  const notAfter = cert.validToDate;
  const renew = leaf ? 'renew it and reload the server (SIGHUP)' : 'serve the current intermediate of your CA (fullchain.pem)';
  if (cert.validFromDate.getTime() > now) return error('expiry', `"${name}" is not valid before ${cert.validFromDate.toISOString()}: check the clock of the machine that issued it, and of this one`);
  if (notAfter.getTime() <= now) return error('expiry', `"${name}" expired on ${isoDay(notAfter)} (${plural(-daysToExpiry(notAfter, now) - 1, 'day')} ago): ${renew}`);
  const days = daysToExpiry(notAfter, now);
  if (days <= EXPIRY_WARNING_DAYS) return warning('expiry', `"${name}" expires on ${isoDay(notAfter)}, in ${plural(days, 'day')}: ${renew}`);
  return ok('expiry', `"${name}" is valid until ${isoDay(notAfter)} (${plural(days, 'day')})`);
}

/**
 * RFC 6125 §6.4: the name must match one of the certificate's DNS names (its subjectAltName dNSNames;
 * the CN only when there is none, §6.4.4); a wildcard is one whole left-most label (§6.4.3). The same
 * rules the server's SNI choice uses (tls/names.ts).
 */
export function coversName(cert: X509Certificate, name: string): boolean {
  const wanted = normalizeHostName(name);
  return certificateHostNames(cert).some((pattern) => nameMatches(pattern, wanted));
}

export function hostnameFinding(leaf: X509Certificate, name: string): Finding {
  if (coversName(leaf, name)) return ok('hostname', `covers ${name}`);
  const names = certificateHostNames(leaf);
  const has = names.length > 0 ? `it names ${names.join(', ')}` : `it has no DNS names (subject ${leaf.subject.replace(/\n/g, ', ')})`;
  return error('hostname', `does not cover ${name} (${has}): get a certificate that includes ${name}, or set hostname to a name it covers`);
}

export interface KeyDescription {
  /** "RSA", "RSA-PSS", "ECDSA", "Ed25519", … */
  type: string;
  /** Modulus length for RSA, curve size for ECDSA, null when unknown. */
  bits: number | null;
  /** "P-256" for ECDSA. */
  curve: string | null;
}

const CURVES: Record<string, { name: string; bits: number }> = {
  prime256v1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
};

export function describeKey(key: KeyObject): KeyDescription {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { type: 'RSA', bits: details.modulusLength ?? null, curve: null };
    case 'rsa-pss':
      return { type: 'RSA-PSS', bits: details.modulusLength ?? null, curve: null };
    case 'ec': {
      const curve = details.namedCurve === undefined ? undefined : CURVES[details.namedCurve];
      return { type: 'ECDSA', bits: curve?.bits ?? null, curve: curve?.name ?? details.namedCurve ?? null };
    }
    case 'ed25519':
      return { type: 'Ed25519', bits: 256, curve: null };
    case 'ed448':
      return { type: 'Ed448', bits: 456, curve: null };
    default:
      return { type: (key.asymmetricKeyType ?? 'unknown').toUpperCase(), bits: details.modulusLength ?? null, curve: null };
  }
}

/** RSA below 2048 bits is refused by current clients (NIST SP 800-131A); ECDSA P-256/P-384 is what every client takes. */
export function keyStrengthFinding(key: KeyDescription): Finding {
  const fix = 'make a new key (RSA of 2048 bits or more, or ECDSA P-256) and a certificate for it';
  if (key.type === 'RSA' || key.type === 'RSA-PSS') {
    if (key.bits === null || key.bits < 2048) return error('key-strength', `${key.type} key of ${key.bits ?? 'unknown'} bits is too weak (less than 2048): ${fix}`);
    return ok('key-strength', `${key.type} ${key.bits} bits`);
  }
  if (key.type === 'ECDSA') {
    if (key.curve === 'P-256' || key.curve === 'P-384') return ok('key-strength', `ECDSA ${key.curve}`);
    return warning('key-strength', `ECDSA ${key.curve ?? 'unknown curve'}: not every client supports this curve; P-256 or P-384 is safe`);
  }
  if (key.type === 'Ed25519' || key.type === 'Ed448') return warning('key-strength', `${key.type}: few mail clients accept it yet; serve an RSA or ECDSA P-256 certificate too`);
  return error('key-strength', `${key.type} keys are not accepted by clients: ${fix}`);
}

/** A configured certificate and key pair, as read from disk, for the key comparison. */
export interface KeyFileView {
  /** Relative to the instance directory, for reports. */
  keyFile: string;
  certFile: string;
  /** The certificate file's leaf, when it could be read. */
  leaf: X509Certificate | null;
  /** The key file's public key, when it could be read. */
  publicKey: KeyObject | null;
  /** Why a file could not be read. */
  problem: string | null;
}

/**
 * The served certificate's public key must be the configured key file's: otherwise the server runs
 * with files that are no longer on disk (replaced without a reload) or the files on disk no longer
 * belong together, and the next reload or restart fails.
 */
export function keyMatchFinding(leaf: X509Certificate, configured: KeyFileView): Finding {
  if (configured.publicKey === null) return error('key-match', `cannot compare with ${configured.keyFile}: ${configured.problem ?? 'the key cannot be read'}`);
  if (configured.publicKey.equals(leaf.publicKey)) return ok('key-match', `the served key is the one in ${configured.keyFile}`);
  if (configured.leaf !== null && configured.leaf.fingerprint256 === leaf.fingerprint256) {
    return error('key-match', `${configured.keyFile} does not hold the key of the served certificate (${configured.certFile}): the key file was replaced; put back the matching key, or the next reload fails`);
  }
  return error('key-match', `the served certificate's key is not the one in ${configured.keyFile}: the files on disk changed since the server loaded them; check they belong together and reload (SIGHUP) or restart the server`);
}
