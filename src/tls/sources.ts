// Which certificate files the server loads: the `[tls]` default pair, every `[[tls.certificates]]`
// entry, and every entry of the certificate store (`certs/live/<name>/`). Paths in the config are
// relative to the instance directory.
import { join, resolve } from 'node:path';
import type { Config } from '../config/index.ts';
import { certPaths, listCertificateEntriesSync } from './cert-store.ts';
import type { CertificateFiles } from './certificate-pair.ts';
import type { CertificateSource } from './loaded-certificate.ts';

export interface CertificateOrigin {
  /** As LoadedCertificate.name: `default`, `tls.certificates[N]` or the store entry's name. */
  readonly name: string;
  readonly source: CertificateSource;
  readonly files: CertificateFiles;
}

export const DEFAULT_CERTIFICATE_NAME = 'default';

function configFiles(dir: string, entry: { cert: string; key: string; chain?: string | undefined }): CertificateFiles {
  return { cert: resolve(dir, entry.cert), key: resolve(dir, entry.key), ...(entry.chain === undefined ? {} : { chain: resolve(dir, entry.chain) }) };
}

/** Every certificate to load, the default first, then the config's, then the store's (sorted by name). */
export function certificateOrigins(dir: string, tlsConfig: Config['tls']): CertificateOrigin[] {
  const origins: CertificateOrigin[] = [{ name: DEFAULT_CERTIFICATE_NAME, source: 'default', files: configFiles(dir, tlsConfig) }];
  tlsConfig.certificates.forEach((entry, index) => origins.push({ name: `tls.certificates[${index}]`, source: 'config', files: configFiles(dir, entry) }));
  for (const name of listCertificateEntriesSync(dir)) {
    const paths = certPaths(name);
    origins.push({ name, source: 'store', files: { cert: resolve(join(dir, paths.fullchain)), key: resolve(join(dir, paths.key)) } });
  }
  return origins;
}
