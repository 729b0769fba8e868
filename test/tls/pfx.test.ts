import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pfxToPem, PfxError, type PfxErrorCode } from '../../src/tls/index.ts';
import { TestCa, pkcs12, type Pkcs12Encryption } from '../helpers/test-ca.ts';
import { runTool } from '../helpers/run-tool.ts';
import { toolSkip } from '../helpers/tools.ts';

const ca = await TestCa.create();
const leaf = await ca.leaf({ names: ['mx.example.test', 'mail.example.test'] });
const other = await ca.leaf({ names: ['other.example.test'] });
const work = await mkdtemp(join(tmpdir(), 'mailstead-pfx-'));
after(() => rm(work, { recursive: true, force: true }));

function pfxError(run: () => unknown): PfxError {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof PfxError, `expected a PfxError, got ${String(err)}`);
    return err;
  }
  assert.fail('the file was accepted');
}

function assertCode(run: () => unknown, code: PfxErrorCode, message: RegExp): void {
  const error = pfxError(run);
  assert.equal(error.code, code);
  assert.match(error.message, message);
}

const KINDS: Array<[Pkcs12Encryption, string]> = [
  ['aes256', 'AES-256 (OpenSSL 3, current Windows)'],
  ['3des', '3DES (Windows "TripleDES-SHA1")'],
  ['legacy', 'RC2-40 certificates and a 3DES key (older Windows, OpenSSL 1.x), which OpenSSL 3 refuses'],
];

for (const [encryption, what] of KINDS) {
  test(`reads a .pfx encrypted with ${what}: PKCS#8 key, leaf then chain, root left out`, () => {
    const bytes = pkcs12({ keys: [leaf.key], certs: [ca.root.cert, leaf.cert, ca.intermediate.cert], passphrase: 'Export-Pa55', encryption });
    const contents = pfxToPem(bytes, 'Export-Pa55');
    assert.equal(contents.leaf.fingerprint256, leaf.x509.fingerprint256);
    assert.deepEqual(contents.chain.map((c) => c.fingerprint256), [ca.intermediate.x509.fingerprint256]);
    assert.equal(contents.fullchainPem, leaf.cert + ca.intermediate.cert);
    assert.match(contents.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.ok(contents.leaf.checkPrivateKey(contents.key));
    assert.deepEqual(contents.ignored, []);
  });

  test(`names a wrong passphrase, and a missing one, for a ${encryption} .pfx`, () => {
    const bytes = pkcs12({ keys: [leaf.key], certs: [leaf.fullchain], passphrase: 'right', encryption });
    assertCode(() => pfxToPem(bytes, 'wrong'), 'passphrase', /^wrong passphrase/);
    assertCode(() => pfxToPem(bytes), 'passphrase', /protected by a passphrase: give it with --passphrase or --passphrase-file/);
  });
}

test('reads a .pfx without encryption and without a passphrase', () => {
  const contents = pfxToPem(pkcs12({ keys: [leaf.key], certs: [leaf.fullchain], passphrase: '', encryption: 'none' }));
  assert.equal(contents.leaf.fingerprint256, leaf.x509.fingerprint256);
});

test('reads a .pfx protected by an empty passphrase when none is given', () => {
  const contents = pfxToPem(pkcs12({ keys: [leaf.key], certs: [leaf.fullchain], passphrase: '', encryption: 'aes256' }));
  assert.equal(contents.leaf.fingerprint256, leaf.x509.fingerprint256);
});

test('leaves out certificates that are not on the leaf\'s path', () => {
  const contents = pfxToPem(pkcs12({ keys: [leaf.key], certs: [other.cert, leaf.fullchain], passphrase: 'p', encryption: 'aes256' }), 'p');
  assert.equal(contents.leaf.fingerprint256, leaf.x509.fingerprint256);
  assert.deepEqual(contents.ignored.map((c) => c.fingerprint256), [other.x509.fingerprint256]);
});

test('refuses a file without a key, without a certificate, with several keys, or with a key no certificate matches', () => {
  assertCode(() => pfxToPem(pkcs12({ keys: [], certs: [leaf.fullchain], passphrase: 'p', encryption: 'aes256' }), 'p'), 'no-key', /holds no private key: export it again with "Yes, export the private key"/);
  assertCode(() => pfxToPem(pkcs12({ keys: [leaf.key], certs: [], passphrase: 'p', encryption: 'aes256' }), 'p'), 'no-certificate', /no certificate/);
  assertCode(() => pfxToPem(pkcs12({ keys: [leaf.key, other.key], certs: [leaf.fullchain, other.cert], passphrase: 'p', encryption: 'aes256' }), 'p'), 'several-keys', /holds 2 private keys/);
  assertCode(() => pfxToPem(pkcs12({ keys: [other.key], certs: [leaf.fullchain], passphrase: 'p', encryption: 'aes256' }), 'p'), 'no-matching-certificate', /no certificate in the file belongs to its private key/);
});

test('refuses a file that is not PKCS#12', () => {
  assertCode(() => pfxToPem(Buffer.from(leaf.fullchain)), 'not-pkcs12', /not a PKCS#12/);
  // Valid DER, but a certificate rather than a PFX.
  assertCode(() => pfxToPem(leaf.x509.raw), 'not-pkcs12', /not a PKCS#12/);
});

test('reads what openssl pkcs12 -export writes: an ECDSA key, and a -legacy file', async (t) => {
  const skip = toolSkip('openssl');
  if (skip) return t.skip(skip);
  const key = join(work, 'ec.key');
  const cert = join(work, 'ec.crt');
  const made = await runTool('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=ec.example.test', '-addext', 'subjectAltName=DNS:ec.example.test']);
  assert.equal(made.code, 0, made.stderr);
  const modern = join(work, 'ec.pfx');
  const exported = await runTool('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-out', modern, '-passout', 'pass:ec-secret']);
  assert.equal(exported.code, 0, exported.stderr);
  const contents = pfxToPem(await readFile(modern), 'ec-secret');
  assert.equal(contents.key.asymmetricKeyType, 'ec');
  assert.match(contents.leaf.subject, /CN=ec\.example\.test/);

  await writeFile(join(work, 'leaf.pem'), leaf.fullchain);
  await writeFile(join(work, 'leaf.key'), leaf.key);
  const legacy = join(work, 'legacy.pfx');
  const legacyExport = await runTool('openssl', ['pkcs12', '-export', '-legacy', '-in', join(work, 'leaf.pem'), '-inkey', join(work, 'leaf.key'), '-out', legacy, '-passout', 'pass:old']);
  if (legacyExport.code !== 0) return t.skip(`this OpenSSL has no legacy provider: ${legacyExport.stderr.trim().split('\n')[0]}`);
  assert.equal(pfxToPem(await readFile(legacy), 'old').leaf.fingerprint256, leaf.x509.fingerprint256);
});
