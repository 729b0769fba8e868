// PKCS#12 (.pfx/.p12, RFC 7292) to PEM: what Windows' certificate export wizard, IIS and most control
// panels hand out. The result is what the certificate store keeps: the key as PKCS#8 and the server
// certificate followed by its chain, ordered by issuer (RFC 8446 §4.4.2), without the self-signed root.
//
// node-forge reads it rather than OpenSSL: files exported by older Windows versions (and OpenSSL 1.x)
// encrypt the certificates with RC2-40 and the key with 3DES, which OpenSSL 3 refuses unless its
// legacy provider is loaded; forge reads those as well as the current AES-256/PBES2 files. Forge only
// understands RSA keys and certificates; anything else (ECDSA) is handed over as DER, and node's crypto
// parses both, so every key type works.
//
// The passphrase: Windows always sets one. Without one given, the empty passphrase is tried both ways
// PKCS#12 implementations write it (two zero bytes, and none at all), as OpenSSL's PKCS12_parse does.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { orderChain } from './chain.ts';

export type PfxErrorCode = 'not-pkcs12' | 'passphrase' | 'no-key' | 'no-certificate' | 'several-keys' | 'no-matching-certificate' | 'unsupported';

/** A .pfx that cannot be imported; `code` says why, the message says what to do. */
export class PfxError extends Error {
  readonly code: PfxErrorCode;
  constructor(code: PfxErrorCode, message: string) {
    super(message);
    this.name = 'PfxError';
    this.code = code;
  }
}

export interface PfxContents {
  /** The server certificate: the one whose public key belongs to the private key. */
  readonly leaf: X509Certificate;
  /** Its intermediates in order, without the self-signed root. */
  readonly chain: readonly X509Certificate[];
  readonly key: KeyObject;
  /** Leaf then chain, PEM. */
  readonly fullchainPem: string;
  /** PKCS#8 PEM. */
  readonly keyPem: string;
  /** Certificates in the file that are neither the leaf nor on its path (they are left out). */
  readonly ignored: readonly X509Certificate[];
}

type Bag = forge.pkcs12.Bag;

function derOf(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function parsePkcs12(bytes: Uint8Array, passphrase: string | undefined): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')), false);
  } catch {
    throw new PfxError('not-pkcs12', 'not a PKCS#12 (.pfx/.p12) file: it is not DER encoded (a PEM file is imported with --cert and --key)');
  }
  const attempts: Array<string | null> = passphrase === undefined ? ['', null] : [passphrase];
  let failure: unknown;
  for (const attempt of attempts) {
    try {
      // forge's typing wants a string; null is how it spells "no password" (an empty PKCS#12 password).
      return forge.pkcs12.pkcs12FromAsn1(asn1, false, attempt as string);
    } catch (err) {
      failure = err;
    }
  }
  const message = failure instanceof Error ? failure.message : String(failure);
  if (/password|MAC could not be verified|Unable to decrypt|Invalid/i.test(message)) {
    throw new PfxError(
      'passphrase',
      passphrase === undefined
        ? 'the file is protected by a passphrase: give it with --passphrase or --passphrase-file'
        : 'wrong passphrase (or a damaged file): the PKCS#12 integrity check failed',
    );
  }
  if (/ASN\.1 object is not an PKCS#12 PFX|Cannot read PKCS#12/i.test(message)) throw new PfxError('not-pkcs12', `not a PKCS#12 (.pfx/.p12) file: ${message}`);
  throw new PfxError('unsupported', `cannot read this PKCS#12 file: ${message}`);
}

function bagsOf(pfx: forge.pkcs12.Pkcs12Pfx, type: string): Bag[] {
  return (pfx.getBags({ bagType: type })[type] ?? []) as Bag[];
}

function keyOf(bag: Bag): KeyObject {
  // forge leaves `key` empty and keeps the PrivateKeyInfo in `asn1` for key types it does not know.
  const info = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : (bag.asn1 as forge.asn1.Asn1 | undefined);
  if (info === undefined) throw new PfxError('unsupported', 'the file holds a private key this importer cannot read');
  return createPrivateKey({ key: derOf(info), format: 'der', type: 'pkcs8' });
}

function certificateOf(bag: Bag): X509Certificate {
  // An RSA certificate is re-encoded from forge's parse, which keeps the signed part byte for byte.
  const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : (bag.asn1 as forge.asn1.Asn1 | undefined);
  if (asn1 === undefined) throw new PfxError('unsupported', 'the file holds a certificate this importer cannot read');
  return new X509Certificate(derOf(asn1));
}

/** Reads a .pfx/.p12 file's bytes; throws PfxError when it cannot be used. */
export function pfxToPem(bytes: Uint8Array, passphrase?: string): PfxContents {
  const pfx = parsePkcs12(bytes, passphrase);
  const keyBags = [...bagsOf(pfx, forge.pki.oids.pkcs8ShroudedKeyBag!), ...bagsOf(pfx, forge.pki.oids.keyBag!)];
  const certs = bagsOf(pfx, forge.pki.oids.certBag!).map(certificateOf);
  if (keyBags.length === 0) {
    throw new PfxError('no-key', 'the file holds no private key: export it again with "Yes, export the private key" (Windows) or include the key');
  }
  if (keyBags.length > 1) throw new PfxError('several-keys', `the file holds ${keyBags.length} private keys: export one certificate with its key per file`);
  if (certs.length === 0) throw new PfxError('no-certificate', 'the file holds a private key but no certificate');
  const key = keyOf(keyBags[0]!);
  const leaf = certs.find((cert) => cert.checkPrivateKey(key));
  if (leaf === undefined) throw new PfxError('no-matching-certificate', 'no certificate in the file belongs to its private key');
  const { chain, unrelated } = orderChain(leaf, certs);
  return {
    leaf,
    chain,
    key,
    fullchainPem: [leaf, ...chain].map((cert) => cert.toString()).join(''),
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ignored: unrelated,
  };
}
