// What the certificate store holds for the ACME entry, as far as renewal cares: the leaf's expiry and
// the names it covers. Read from `certs/live/<name>/fullchain.pem` at every check, so a certificate
// replaced by hand (`cert import`) is judged as it is now.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certPaths } from '../cert-store.ts';

export type StoredCertificate =
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly detail: string }
  | { readonly kind: 'present'; readonly notAfter: number; readonly serialNumber: string; covers(hostname: string): boolean };

const FIRST_PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export async function readStoredCertificate(instanceDir: string, name: string): Promise<StoredCertificate> {
  let pem: string;
  try {
    pem = await readFile(join(instanceDir, certPaths(name).fullchain), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', detail: (err as Error).message };
  }
  const block = FIRST_PEM.exec(pem);
  if (block === null) return { kind: 'unreadable', detail: 'no PEM certificate in the file' };
  try {
    const leaf = new X509Certificate(block[0]);
    // RFC 6125 §6.4: the SAN dNSName entries, wildcards included, decide which names a certificate covers.
    return { kind: 'present', notAfter: leaf.validToDate.getTime(), serialNumber: leaf.serialNumber, covers: (hostname) => leaf.checkHost(hostname, { subject: 'never' }) !== undefined };
  } catch (err) {
    return { kind: 'unreadable', detail: (err as Error).message };
  }
}
