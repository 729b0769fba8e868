// Loads the listeners' certificate and key from PEM files in the instance directory. Problems are
// found here, at start or SIGHUP, with the file named, rather than as failed handshakes later.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Config } from '../config/index.ts';
import type { TlsProvider } from './provider.ts';

/** A certificate or key file that cannot be used; `file` is its absolute path. */
export class TlsFileError extends Error {
  readonly file: string;
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'TlsFileError';
    this.file = file;
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TlsFileError(file, `cannot read the ${what}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`);
  }
}

/** The leaf certificate; the file may go on with its chain (leaf first, as RFC 8446 §4.4.2 orders it). */
function parseLeaf(file: string, pem: string): X509Certificate {
  const blocks = pem.match(PEM_CERTIFICATE);
  if (!blocks) throw new TlsFileError(file, 'no PEM certificate ("-----BEGIN CERTIFICATE-----") found');
  const certs = blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      throw new TlsFileError(file, `certificate ${i + 1} is not valid: ${(err as Error).message}`);
    }
  });
  return certs[0]!;
}

function parseKey(file: string, pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (err) {
    throw new TlsFileError(file, `not a usable PEM private key (encrypted keys are not supported): ${(err as Error).message}`);
  }
}

function buildContext(dir: string, config: Config['tls']): SecureContext {
  const certFile = resolve(dir, config.cert);
  const keyFile = resolve(dir, config.key);
  const certPem = readPem(certFile, 'certificate');
  const keyPem = readPem(keyFile, 'private key');
  const leaf = parseLeaf(certFile, certPem);
  const key = parseKey(keyFile, keyPem);
  if (!leaf.checkPrivateKey(key)) throw new TlsFileError(keyFile, `private key does not match the certificate in ${certFile}`);
  try {
    return createSecureContext({ cert: certPem, key: keyPem, minVersion: config.min_version });
  } catch (err) {
    throw new TlsFileError(certFile, `cannot be used for TLS: ${(err as Error).message}`);
  }
}

/**
 * Reads `tls.cert` and `tls.key` (relative to the instance directory). `reload()` re-reads both files
 * (a renewed certificate) and throws TlsFileError without replacing the running context when they fail.
 */
export function loadTlsProvider(dir: string, tlsConfig: Config['tls']): TlsProvider & { reload(): void } {
  let context = buildContext(dir, tlsConfig);
  return {
    minVersion: tlsConfig.min_version,
    secureContext: () => context,
    reload() {
      context = buildContext(dir, tlsConfig);
    },
  };
}
