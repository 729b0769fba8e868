// Self-signed server certificates for a fresh instance (`mailstead init`), so STARTTLS works from the
// first start. STARTTLS between MTAs is opportunistic, unauthenticated encryption (RFC 7435), so an
// untrusted certificate still encrypts inbound mail; mail clients must be told to accept it once.
import { generate } from 'selfsigned';

/**
 * 825 days: the longest validity Apple platforms (macOS/iOS Mail) accept for a TLS server certificate,
 * even one the user chose to trust; longer certificates are refused outright.
 */
export const SELF_SIGNED_VALIDITY_DAYS = 825;

const DAY_MS = 86_400_000;

/**
 * An ECDSA P-256 key and a certificate for `hostname`, PEM encoded. The name is a SAN dNSName, which
 * clients check first; the CN repeats it only for clients that still fall back to it (RFC 6125 §6.4.4).
 */
export async function createSelfSignedCertificate(hostname: string, opts: { days?: number } = {}): Promise<{ cert: string; key: string }> {
  const days = opts.days ?? SELF_SIGNED_VALIDITY_DAYS;
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + days * DAY_MS);
  const pems = await generate([{ name: 'commonName', value: hostname }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: hostname }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
