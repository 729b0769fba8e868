// A server certificate with its chain and private key, read from PEM files and checked before any
// client sees it: the key belongs to the certificate, and the chain is ordered (each certificate issued
// the one before it, RFC 8446 §4.4.2). Every problem is a TlsFileError naming the file to fix.
//
// PEM layouts accepted: certificate, chain and key in one file; certificate and chain in one file and
// the key in another; or all three separate. Only unencrypted keys (PKCS#8, PKCS#1 RSA, SEC1 EC): the
// server starts unattended, so there is nobody to type a key passphrase.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chainBreak, oneLineName, withoutDuplicates } from './chain.ts';
import { TlsFileError } from './file-error.ts';

/** Absolute paths of the files of one certificate. `key` may be the certificate file itself. */
export interface CertificateFiles {
  readonly cert: string;
  readonly key: string;
  /** Intermediate certificates, when they are not in the certificate file already. */
  readonly chain?: string;
}

export interface CertificatePair {
  /** The server's certificate. */
  readonly leaf: X509Certificate;
  /** Intermediates after the leaf, in order (each issued the one before it). */
  readonly chain: readonly X509Certificate[];
  readonly key: KeyObject;
  /** Leaf then chain, PEM: what the server sends and the store's fullchain.pem. */
  readonly fullchainPem: string;
  /** The key as PKCS#8 PEM: the store's key.pem. */
  readonly keyPem: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PEM_PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?)PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/g;

export function readPemFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TlsFileError(file, `cannot read the ${what}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`);
  }
}

/** Every PEM certificate of a file, in file order (none is an empty list). */
export function parsePemCertificates(file: string, pem: string): X509Certificate[] {
  return (pem.match(PEM_CERTIFICATE) ?? []).map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      throw new TlsFileError(file, `certificate ${i + 1} is not valid: ${(err as Error).message}`);
    }
  });
}

/** The one unencrypted private key of a file (which may hold certificates too). */
export function parsePemPrivateKey(file: string, pem: string): KeyObject {
  const blocks = [...pem.matchAll(PEM_PRIVATE_KEY)];
  if (blocks.length === 0) throw new TlsFileError(file, 'not a usable PEM private key: no "-----BEGIN PRIVATE KEY-----" found');
  if (blocks.length > 1) throw new TlsFileError(file, `holds ${blocks.length} private keys; give each certificate's key in a file of its own`);
  const [block] = blocks;
  if (block![1] === 'ENCRYPTED ') {
    throw new TlsFileError(file, `not a usable PEM private key: encrypted keys are not supported (decrypt it once: openssl pkey -in ${file} -out key.pem)`);
  }
  try {
    return createPrivateKey(block![0]);
  } catch (err) {
    throw new TlsFileError(file, `not a usable PEM private key: ${(err as Error).message}`);
  }
}

/**
 * Checks and assembles PEM texts already read: `pems.cert` holds the leaf (and maybe its chain, and
 * maybe the key), `pems.chain` more of the chain. `files` names the origin of each text in errors.
 */
export function parseCertificatePair(pems: { cert: string; key: string; chain?: string }, files: CertificateFiles): CertificatePair {
  const fromCert = parsePemCertificates(files.cert, pems.cert);
  if (fromCert.length === 0) throw new TlsFileError(files.cert, 'no PEM certificate ("-----BEGIN CERTIFICATE-----") found');
  const fromChain = pems.chain === undefined ? [] : parsePemCertificates(files.chain ?? files.cert, pems.chain);
  if (pems.chain !== undefined && fromChain.length === 0) throw new TlsFileError(files.chain ?? files.cert, 'no PEM certificate ("-----BEGIN CERTIFICATE-----") found');
  const key = parsePemPrivateKey(files.key, pems.key);
  const certs = withoutDuplicates([...fromCert, ...fromChain]);
  const leaf = certs[0]!;
  if (!leaf.checkPrivateKey(key)) {
    const owner = certs.findIndex((cert) => cert.checkPrivateKey(key));
    throw new TlsFileError(
      files.key,
      owner > 0
        ? `private key belongs to certificate ${owner + 1} (${oneLineName(certs[owner]!.subject)}), not the first one, in ${files.cert}: the server's certificate must come first`
        : `private key does not match the certificate in ${files.cert}`,
    );
  }
  const broken = chainBreak(certs);
  if (broken !== undefined) {
    const file = broken < fromCert.length ? files.cert : (files.chain ?? files.cert);
    throw new TlsFileError(
      file,
      `the chain is out of order: ${oneLineName(certs[broken]!.subject)} did not issue ${oneLineName(certs[broken - 1]!.subject)}; ` +
        'give the server certificate first, then the certificate that issued it, and so on (RFC 8446 §4.4.2)',
    );
  }
  return {
    leaf,
    chain: certs.slice(1),
    key,
    fullchainPem: certs.map((cert) => cert.toString()).join(''),
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Reads and checks the files of one certificate. */
export function readCertificatePair(files: CertificateFiles): CertificatePair {
  const cert = readPemFile(files.cert, 'certificate');
  const key = files.key === files.cert ? cert : readPemFile(files.key, 'private key');
  const chain = files.chain === undefined ? undefined : readPemFile(files.chain, 'certificate chain');
  return parseCertificatePair({ cert, key, ...(chain === undefined ? {} : { chain }) }, files);
}
