// A certificate authority for tests, made in the run (STYLE.md: certificates are generated, never
// checked in): a root, an intermediate it signed, and leaf certificates of every kind certificate
// code must handle — valid, expired, not yet valid, for the wrong name, wildcard, self-signed, issued
// by the root directly, with a key that belongs to another certificate — plus PKCS#12 (.pfx) files
// the way Windows and OpenSSL write them (AES-256/PBES2, 3DES, the legacy RC2-40 + 3DES mix, and
// unencrypted).
//
// Keys are RSA 2048 made by node:crypto (forge signs, and forge only signs with RSA). Key generation
// is the slow part (~50 ms each), so make one TestCa per test file and reuse it.
import { X509Certificate, createPrivateKey, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);
const DAY_MS = 86_400_000;

export interface TestKey {
  /** PKCS#8 PEM. */
  readonly pem: string;
  readonly forgePrivate: forge.pki.rsa.PrivateKey;
  readonly forgePublic: forge.pki.rsa.PublicKey;
}

export interface IssuedCertificate {
  /** The certificate, PEM. */
  readonly cert: string;
  /** Its private key, PKCS#8 PEM. */
  readonly key: string;
  /** The certificates between it and the root, PEM, issuer first ('' for a root, self-signed or root-issued one). */
  readonly chain: string;
  /** `cert` then `chain`: what a server sends (and the store's fullchain.pem). */
  readonly fullchain: string;
  readonly x509: X509Certificate;
  /** For issuing further certificates. */
  readonly testKey: TestKey;
  readonly forgeCert: forge.pki.Certificate;
}

export interface LeafOptions {
  /** subjectAltName dNSName entries (default ['mx.example.test']); [] for none. */
  names?: string[];
  /** Subject CN; default the first name; null for no CN. */
  commonName?: string | null;
  notBefore?: Date;
  notAfter?: Date;
  /** Who signs it (default the intermediate). */
  issuer?: 'intermediate' | 'root' | 'self';
  /** Reuse a key instead of making one. */
  key?: TestKey;
}

export async function createTestKey(): Promise<TestKey> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    pem,
    forgePrivate: forge.pki.privateKeyFromPem(pem),
    forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

/** A positive serial of 16 random bytes (RFC 5280 §4.1.2.2), hex. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

interface SignSpec {
  subject: forge.pki.CertificateField[];
  key: TestKey;
  issuer: { subject: forge.pki.CertificateField[]; key: TestKey };
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  names: string[];
}

function sign(spec: SignSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.key.forgePublic;
  cert.serialNumber = serial();
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer.subject);
  // forge derives the subject key identifier from the RSAPublicKey (RFC 5280 §4.2.1.2 method 1); the
  // authority key identifier must be the issuer's, computed the same way.
  const issuerKeyId = forge.pki.getPublicKeyFingerprint(spec.issuer.key.forgePublic, { type: 'RSAPublicKey' }).getBytes();
  const extensions: object[] = [
    { name: 'basicConstraints', cA: spec.ca, critical: true },
    spec.ca ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true } : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: issuerKeyId },
  ];
  if (!spec.ca) extensions.push({ name: 'extKeyUsage', serverAuth: true });
  if (spec.names.length > 0) extensions.push({ name: 'subjectAltName', altNames: spec.names.map((value) => ({ type: 2, value })) });
  cert.setExtensions(extensions);
  cert.sign(spec.issuer.key.forgePrivate, forge.md.sha256.create());
  return cert;
}

function issuedCertificate(cert: forge.pki.Certificate, key: TestKey, chain: readonly IssuedCertificate[]): IssuedCertificate {
  const pem = forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
  const chainPem = chain.map((c) => c.cert).join('');
  return { cert: pem, key: key.pem, chain: chainPem, fullchain: pem + chainPem, x509: new X509Certificate(pem), testKey: key, forgeCert: cert };
}

export class TestCa {
  readonly root: IssuedCertificate;
  readonly intermediate: IssuedCertificate;

  private constructor(root: IssuedCertificate, intermediate: IssuedCertificate) {
    this.root = root;
    this.intermediate = intermediate;
  }

  /** A root "Mailstead Test Root CA" (10 years) and an intermediate "Mailstead Test Issuing CA" (5 years). */
  static async create(label = 'Mailstead Test'): Promise<TestCa> {
    const [rootKey, intermediateKey] = await Promise.all([createTestKey(), createTestKey()]);
    const now = Date.now();
    const rootSubject = [{ name: 'commonName', value: `${label} Root CA` }, { name: 'organizationName', value: label }];
    const rootCert = sign({ subject: rootSubject, key: rootKey, issuer: { subject: rootSubject, key: rootKey }, notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 3650 * DAY_MS), ca: true, names: [] });
    const root = issuedCertificate(rootCert, rootKey, []);
    const intermediateSubject = [{ name: 'commonName', value: `${label} Issuing CA` }, { name: 'organizationName', value: label }];
    const intermediateCert = sign({ subject: intermediateSubject, key: intermediateKey, issuer: { subject: rootSubject, key: rootKey }, notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 1825 * DAY_MS), ca: true, names: [] });
    return new TestCa(root, issuedCertificate(intermediateCert, intermediateKey, []));
  }

  /** A server certificate; by default for mx.example.test, valid from an hour ago for 90 days, issued by the intermediate. */
  async leaf(options: LeafOptions = {}): Promise<IssuedCertificate> {
    const names = options.names ?? ['mx.example.test'];
    const commonName = options.commonName === undefined ? names[0] : options.commonName;
    const key = options.key ?? (await createTestKey());
    const subject: forge.pki.CertificateField[] = commonName === null || commonName === undefined ? [{ name: 'organizationName', value: 'Mailstead Test Server' }] : [{ name: 'commonName', value: commonName }];
    const issuerKind = options.issuer ?? 'intermediate';
    const issuer = issuerKind === 'self' ? null : issuerKind === 'root' ? this.root : this.intermediate;
    const now = Date.now();
    const cert = sign({
      subject,
      key,
      issuer: issuer === null ? { subject, key } : { subject: issuer.forgeCert.subject.attributes, key: issuer.testKey },
      notBefore: options.notBefore ?? new Date(now - 3_600_000),
      notAfter: options.notAfter ?? new Date(now + 90 * DAY_MS),
      ca: false,
      names,
    });
    return issuedCertificate(cert, key, issuerKind === 'intermediate' ? [this.intermediate] : []);
  }

  /** Expired yesterday (valid for the 90 days before). */
  expired(names?: string[]): Promise<IssuedCertificate> {
    const now = Date.now();
    return this.leaf({ ...(names ? { names } : {}), notBefore: new Date(now - 91 * DAY_MS), notAfter: new Date(now - DAY_MS) });
  }

  /** `*.domain` (and nothing else). */
  wildcard(domain: string): Promise<IssuedCertificate> {
    return this.leaf({ names: [`*.${domain}`] });
  }
}

/** The certificate of `certificate` with the key of `other`: a key that does not match. */
export function withKeyOf(certificate: IssuedCertificate, other: IssuedCertificate): IssuedCertificate {
  return { ...certificate, key: other.key, testKey: other.testKey };
}

/** The leaf without its intermediate: a server that sends this makes clients fail to build the path. */
export function withoutChain(certificate: IssuedCertificate): IssuedCertificate {
  return { ...certificate, chain: '', fullchain: certificate.cert };
}

// ---- PKCS#12 ----

/**
 * How a .pfx protects its contents:
 * - `aes256`: certificates and key PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC, MAC SHA-256 (OpenSSL 3, Windows 10 1709+ "AES256-SHA256");
 * - `3des`: both pbeWithSHAAnd3-KeyTripleDES-CBC, MAC SHA-1 (Windows "TripleDES-SHA1");
 * - `legacy`: certificates pbeWithSHAAnd40BitRC2-CBC, key 3DES, MAC SHA-1 (OpenSSL 1.x, older Windows): what OpenSSL 3 refuses;
 * - `none`: nothing encrypted and no MAC (`openssl pkcs12 -export -keypbe NONE -certpbe NONE -nomac`).
 */
export type Pkcs12Encryption = 'aes256' | '3des' | 'legacy' | 'none';

export interface Pkcs12Options {
  /** PKCS#8 PEM keys; normally one. */
  keys: string[];
  /** PEM certificates (several per string allowed), in the order they go into the file. */
  certs: string[];
  /** '' is an empty passphrase; ignored for `none`. */
  passphrase: string;
  encryption: Pkcs12Encryption;
}

const { asn1 } = forge;
const oids = forge.pki.oids as Record<string, string>;
const ITERATIONS = 2048;

function oid(name: string): forge.asn1.Asn1 {
  const value = oids[name];
  if (value === undefined) throw new Error(`forge knows no OID ${name}`);
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}

function sequence(items: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
}

function octets(bytes: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
}

function integer(n: number): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
}

function explicit(tag: number, inner: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [inner]);
}

function der(node: forge.asn1.Asn1): string {
  return asn1.toDer(node).getBytes();
}

function pemBlocks(pems: string[]): string[] {
  return pems.flatMap((pem) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []);
}

function certBag(pem: string): forge.asn1.Asn1 {
  const certDer = new X509Certificate(pem).raw.toString('binary');
  return sequence([oid('certBag'), explicit(0, sequence([oid('x509Certificate'), explicit(0, octets(certDer))]))]);
}

function privateKeyInfo(pem: string): forge.asn1.Asn1 {
  const keyDer = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' }).toString('binary');
  return asn1.fromDer(keyDer);
}

/** RFC 7292 B.2 key derivation (forge's), for the RC2-40 encryption forge cannot write itself. */
function rc2Encrypt(plain: string, passphrase: string): { algorithm: forge.asn1.Asn1; encrypted: string } {
  const salt = forge.random.getBytesSync(8);
  const key = forge.pkcs12.generateKey(passphrase, forge.util.createBuffer(salt), 1, ITERATIONS, 5);
  const iv = forge.pkcs12.generateKey(passphrase, forge.util.createBuffer(salt), 2, ITERATIONS, 8);
  const cipher = forge.rc2.createEncryptionCipher(key, 40);
  cipher.start(iv);
  cipher.update(forge.util.createBuffer(plain));
  cipher.finish();
  return { algorithm: sequence([oid('pbewithSHAAnd40BitRC2-CBC'), sequence([octets(salt), integer(ITERATIONS)])]), encrypted: cipher.output.getBytes() };
}

/** forge's EncryptedPrivateKeyInfo writer encrypts any DER, which is what an EncryptedData needs too. */
function forgeEncrypt(plain: forge.asn1.Asn1, passphrase: string, algorithm: 'aes256' | '3des'): { algorithm: forge.asn1.Asn1; encrypted: string } {
  const info = forge.pki.encryptPrivateKeyInfo(plain, passphrase, { algorithm, count: ITERATIONS, prfAlgorithm: 'sha256' });
  const [algorithmId, encrypted] = info.value as forge.asn1.Asn1[];
  return { algorithm: algorithmId!, encrypted: encrypted!.value as string };
}

function dataContentInfo(safeContents: forge.asn1.Asn1): forge.asn1.Asn1 {
  return sequence([oid('data'), explicit(0, octets(der(safeContents)))]);
}

function encryptedContentInfo(safeContents: forge.asn1.Asn1, sealed: { algorithm: forge.asn1.Asn1; encrypted: string }): forge.asn1.Asn1 {
  const encryptedContent = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, sealed.encrypted);
  return sequence([oid('encryptedData'), explicit(0, sequence([integer(0), sequence([oid('data'), sealed.algorithm, encryptedContent])]))]);
}

/** A .pfx file's bytes. */
export function pkcs12(options: Pkcs12Options): Buffer {
  const { passphrase, encryption } = options;
  const certSafe = sequence(pemBlocks(options.certs).map(certBag));
  const keyBags = options.keys.map((pem) => {
    const info = privateKeyInfo(pem);
    if (encryption === 'none') return sequence([oid('keyBag'), explicit(0, info)]);
    const shrouded = forge.pki.encryptPrivateKeyInfo(info, passphrase, { algorithm: encryption === 'aes256' ? 'aes256' : '3des', count: ITERATIONS, prfAlgorithm: 'sha256' });
    return sequence([oid('pkcs8ShroudedKeyBag'), explicit(0, shrouded)]);
  });
  const contents: forge.asn1.Asn1[] = [];
  if (options.certs.length > 0) {
    if (encryption === 'none') contents.push(dataContentInfo(certSafe));
    else contents.push(encryptedContentInfo(certSafe, encryption === 'legacy' ? rc2Encrypt(der(certSafe), passphrase) : forgeEncrypt(certSafe, passphrase, encryption)));
  }
  if (keyBags.length > 0) contents.push(dataContentInfo(sequence(keyBags)));
  const authSafe = der(sequence(contents));
  const pfx: forge.asn1.Asn1[] = [integer(3), sequence([oid('data'), explicit(0, octets(authSafe))])];
  if (encryption !== 'none') {
    const sha256 = encryption === 'aes256';
    const salt = forge.random.getBytesSync(8);
    const md = sha256 ? forge.md.sha256.create() : forge.md.sha1.create();
    const macKey = forge.pkcs12.generateKey(passphrase, forge.util.createBuffer(salt), 3, ITERATIONS, sha256 ? 32 : 20, md);
    const hmac = forge.hmac.create();
    hmac.start(sha256 ? forge.md.sha256.create() : forge.md.sha1.create(), macKey);
    hmac.update(authSafe);
    const digestInfo = sequence([sequence([oid(sha256 ? 'sha256' : 'sha1'), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(hmac.getMac().getBytes())]);
    pfx.push(sequence([digestInfo, octets(salt), integer(ITERATIONS)]));
  }
  return Buffer.from(der(sequence(pfx)), 'binary');
}
