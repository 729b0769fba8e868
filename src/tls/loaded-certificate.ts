// What the server knows about each certificate it loaded: the facts `cert list`, `cert check`, the
// start-up warnings and expiry watching are built on. Plain data (plus the parsed certificates for
// checks that need them); the secure contexts stay inside the provider.
import type { X509Certificate } from 'node:crypto';
import type { CertificateFiles, CertificatePair } from './certificate-pair.ts';
import { isSelfSigned, oneLineName } from './chain.ts';
import { certificateHostNames } from './names.ts';

/**
 * Where a certificate comes from: `default` is the `[tls]` cert/key pair, `store` an entry of the
 * certificate store (`certs/live/<name>/`, written by `cert import` and ACME), `config` an explicit
 * `[[tls.certificates]]` entry.
 */
export type CertificateSource = 'default' | 'store' | 'config';

export interface LoadedCertificate {
  /**
   * How to refer to it: the store entry's name for `store` (what `cert remove NAME` takes), `default`
   * for the `[tls]` pair, `tls.certificates[N]` (0-based) for a `[[tls.certificates]]` entry.
   */
  readonly name: string;
  readonly source: CertificateSource;
  /** Absolute paths of the files it was read from. */
  readonly files: CertificateFiles;
  /**
   * The host names it serves by SNI, lower case: its subjectAltName dNSName entries (wildcards as
   * `*.example.com`), or the subject CN when it has no dNSName (RFC 6125 §6.4.4). May be empty.
   */
  readonly names: readonly string[];
  /** Subject distinguished name on one line, as node prints it: "CN=mx.example.com". */
  readonly subject: string;
  /** Issuer distinguished name on one line: "C=US, O=Let's Encrypt, CN=R11". */
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Serial number, upper-case hex. */
  readonly serial: string;
  /** SHA-256 fingerprint of the leaf, "AB:CD:…" (what browsers and `openssl x509 -fingerprint -sha256` show). */
  readonly fingerprint256: string;
  /** Public key algorithm of the leaf: "rsa", "ec", "ed25519", "rsa-pss", … (node's asymmetricKeyType). */
  readonly keyType: string;
  /** Key size: the RSA modulus length, or the curve's size for EC (256 for P-256); 0 when unknown. */
  readonly keyBits: number;
  /** Number of intermediate certificates sent after the leaf. */
  readonly chainLength: number;
  /** Issued by itself (the bootstrap certificate of `init`, or one made by hand): clients warn about it. */
  readonly isSelfSigned: boolean;
  /** The parsed leaf. */
  readonly certificate: X509Certificate;
  /** The parsed intermediates, in the order they are sent. */
  readonly chain: readonly X509Certificate[];
}

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };
const FIXED_KEY_BITS: Record<string, number> = { ed25519: 256, ed448: 456, x25519: 256, x448: 448 };

function keyBits(cert: X509Certificate): number {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails;
  if (details?.modulusLength !== undefined) return details.modulusLength;
  if (details?.namedCurve !== undefined) return CURVE_BITS[details.namedCurve] ?? 0;
  return FIXED_KEY_BITS[key.asymmetricKeyType ?? ''] ?? 0;
}

/** The facts about a checked certificate pair. */
export function describeCertificate(pair: CertificatePair, origin: { name: string; source: CertificateSource; files: CertificateFiles }): LoadedCertificate {
  const leaf = pair.leaf;
  return {
    name: origin.name,
    source: origin.source,
    files: origin.files,
    names: certificateHostNames(leaf),
    subject: oneLineName(leaf.subject),
    issuer: oneLineName(leaf.issuer),
    notBefore: leaf.validFromDate,
    notAfter: leaf.validToDate,
    serial: leaf.serialNumber.toUpperCase(),
    fingerprint256: leaf.fingerprint256,
    keyType: leaf.publicKey.asymmetricKeyType ?? 'unknown',
    keyBits: keyBits(leaf),
    chainLength: pair.chain.length,
    isSelfSigned: isSelfSigned(leaf),
    certificate: leaf,
    chain: pair.chain,
  };
}

/** Whole days from `now` until the certificate expires (negative once it has). */
export function daysLeft(certificate: Pick<LoadedCertificate, 'notAfter'>, now: Date): number {
  return Math.floor((certificate.notAfter.getTime() - now.getTime()) / 86_400_000);
}

/** Valid at `now`: not before notBefore, not after notAfter (RFC 5280 §4.1.2.5: both inclusive). */
export function isCurrentlyValid(certificate: Pick<LoadedCertificate, 'notBefore' | 'notAfter'>, now: Date): boolean {
  return certificate.notBefore.getTime() <= now.getTime() && now.getTime() <= certificate.notAfter.getTime();
}
