// Certificate chains as a TLS server sends them: the server's certificate first, then each certificate
// that issued the one before it (RFC 8446 §4.4.2; RFC 5246 §7.4.2 for TLS 1.2). The root may be left
// out, since clients have it already.
import type { X509Certificate } from 'node:crypto';

/** `issuer` issued `cert`: names (and key identifiers, RFC 5280 §6.1) agree and its key verifies the signature. */
export function issued(issuer: X509Certificate, cert: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    // A key type OpenSSL cannot verify with (a malformed certificate served to us): not its issuer.
    return false;
  }
}

/**
 * Issued by itself: subject and issuer are the same name and its own key verifies its signature. Not
 * `checkIssued`, which also wants the keyCertSign usage a self-signed server certificate lacks.
 */
export function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.subject === cert.issuer && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/** One line of a certificate's subject, for messages: "CN=R3, O=Let's Encrypt, C=US". */
export function oneLineName(name: string): string {
  return name.split('\n').filter((part) => part !== '').join(', ');
}

/** Drops repeated certificates (a chain given both inside the certificate file and as a chain file). */
export function withoutDuplicates(certs: readonly X509Certificate[]): X509Certificate[] {
  const seen = new Set<string>();
  return certs.filter((cert) => {
    if (seen.has(cert.fingerprint256)) return false;
    seen.add(cert.fingerprint256);
    return true;
  });
}

/**
 * Where an ordered chain breaks: the 0-based index of the first certificate that did not issue the one
 * before it, or undefined when every certificate issued its predecessor.
 */
export function chainBreak(certs: readonly X509Certificate[]): number | undefined {
  for (let i = 1; i < certs.length; i++) {
    if (!issued(certs[i]!, certs[i - 1]!)) return i;
  }
  return undefined;
}

/**
 * Orders `pool` into the chain of `leaf`: the certificate that issued the leaf, the one that issued
 * that, and so on. Self-signed roots are left out (clients have them; sending one only costs bytes);
 * certificates outside the path are returned as `unrelated`.
 */
export function orderChain(leaf: X509Certificate, pool: readonly X509Certificate[]): { chain: X509Certificate[]; unrelated: X509Certificate[] } {
  const left = withoutDuplicates(pool).filter((cert) => cert.fingerprint256 !== leaf.fingerprint256);
  const chain: X509Certificate[] = [];
  let current = leaf;
  for (;;) {
    if (isSelfSigned(current)) break;
    const index = left.findIndex((candidate) => issued(candidate, current));
    if (index < 0) break;
    const [issuer] = left.splice(index, 1);
    current = issuer!;
    if (!isSelfSigned(current)) chain.push(current);
  }
  return { chain, unrelated: left };
}
