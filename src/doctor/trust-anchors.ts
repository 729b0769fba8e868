// The roots a served chain must lead to: the operating system's trust store (what mail clients on the
// machine trust; Node's bundled Mozilla list when the system has none) or the certificates of a CA
// file given with `--ca` (a private CA, a test CA). Only roots: nothing here completes a chain the
// server left incomplete.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { getCACertificates } from 'node:tls';
import { isSelfSigned, issued } from '../tls/index.ts';

export interface TrustAnchors {
  /** For reports: "the system trust store" or the CA file's path. */
  readonly source: string;
  readonly certificates: readonly X509Certificate[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every PEM certificate in a text; a block that does not parse is skipped. */
export function parsePemCertificates(pem: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const block of pem.match(PEM_CERTIFICATE) ?? []) {
    try {
      out.push(new X509Certificate(block));
    } catch {
      // A damaged block in a bundle of roots must not hide the others.
    }
  }
  return out;
}

export function systemTrustAnchors(): TrustAnchors {
  const system = getCACertificates('system');
  if (system.length > 0) return { source: 'the system trust store', certificates: parsePemCertificates(system.join('\n')) };
  return { source: "Node's bundled trust store", certificates: parsePemCertificates(getCACertificates('bundled').join('\n')) };
}

/** The certificates of a PEM file; throws with the file named when it cannot be read or holds none. */
export function trustAnchorsFromFile(file: string): TrustAnchors {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${file}: cannot read the CA file: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`);
  }
  const anchors = trustAnchorsFromPem(text, file);
  if (anchors.certificates.length === 0) throw new Error(`${file}: no self-signed root certificate ("-----BEGIN CERTIFICATE-----") found`);
  return anchors;
}

/**
 * The roots of a PEM text, e.g. a test CA's: only self-signed certificates are anchors. An intermediate
 * in a `--ca` bundle must not make a chain that lacks it look complete (clients do not have it).
 */
export function trustAnchorsFromPem(pem: string, source: string): TrustAnchors {
  return { source, certificates: parsePemCertificates(pem).filter((cert) => isSelfSigned(cert)) };
}

/** The anchor that issued `cert` (or is `cert` itself, by name and key), if any. */
export function anchorFor(anchors: TrustAnchors, cert: X509Certificate): X509Certificate | undefined {
  return anchors.certificates.find((anchor) => anchor.fingerprint256 === cert.fingerprint256 || (anchor.subject === cert.issuer && issued(anchor, cert)));
}
