import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSelfSignedCertificate, loadTlsProvider, TlsFileError } from '../../src/tls/index.ts';
import { TestCa, withKeyOf } from '../helpers/test-ca.ts';
import { handshake, removeTempInstances, tempInstance, tlsConfig } from './fixture.ts';

after(removeTempInstances);
const ca = await TestCa.create();
const mx = await ca.leaf({ names: ['mx.example.test'] });

function loadError(dir: string, config = tlsConfig()): TlsFileError {
  try {
    loadTlsProvider(dir, config);
  } catch (err) {
    assert.ok(err instanceof TlsFileError, `expected a TlsFileError, got ${String(err)}`);
    return err;
  }
  assert.fail('loadTlsProvider accepted the files');
}

test('loads a matching certificate and key relative to the instance directory', async () => {
  const { cert, key } = await createSelfSignedCertificate('mx.example.test');
  const instance = await tempInstance();
  await instance.write('certs/server.crt', cert);
  await instance.write('certs/server.key', key);
  const provider = loadTlsProvider(instance.dir, tlsConfig({ min_version: 'TLSv1.3' }));
  assert.equal(provider.minVersion, 'TLSv1.3');
  const [certificate] = provider.certificates();
  assert.equal(certificate?.name, 'default');
  assert.equal(certificate?.source, 'default');
  assert.deepEqual(certificate?.files, { cert: join(instance.dir, 'certs/server.crt'), key: join(instance.dir, 'certs/server.key') });
  assert.equal(certificate?.isSelfSigned, true);
  assert.equal(certificate?.keyType, 'ec');
  assert.equal(certificate?.keyBits, 256);
  assert.deepEqual((await handshake(provider)).chain, [certificate?.fingerprint256]);
});

test('describes a CA-issued certificate: names, subject, issuer, validity, serial, key and chain', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(mx);
  const [certificate] = loadTlsProvider(instance.dir, tlsConfig()).certificates();
  assert.deepEqual(certificate?.names, ['mx.example.test']);
  assert.equal(certificate?.subject, 'CN=mx.example.test');
  assert.equal(certificate?.issuer, 'CN=Mailstead Test Issuing CA, O=Mailstead Test');
  assert.equal(certificate?.notAfter.getTime(), mx.x509.validToDate.getTime());
  assert.equal(certificate?.notBefore.getTime(), mx.x509.validFromDate.getTime());
  assert.equal(certificate?.serial, mx.x509.serialNumber.toUpperCase());
  assert.equal(certificate?.fingerprint256, mx.x509.fingerprint256);
  assert.equal(certificate?.keyType, 'rsa');
  assert.equal(certificate?.keyBits, 2048);
  assert.equal(certificate?.chainLength, 1);
  assert.equal(certificate?.chain[0]?.fingerprint256, ca.intermediate.x509.fingerprint256);
  assert.equal(certificate?.isSelfSigned, false);
});

test('serves the chain from a separate [tls] chain file after the leaf', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(mx, { withChain: false });
  await instance.write('certs/chain.pem', mx.chain);
  const provider = loadTlsProvider(instance.dir, tlsConfig({ chain: 'certs/chain.pem' }));
  assert.deepEqual((await handshake(provider)).chain, [mx.x509.fingerprint256, ca.intermediate.x509.fingerprint256]);
  assert.equal(provider.certificates()[0]?.files.chain, join(instance.dir, 'certs/chain.pem'));
});

test('accepts the certificate, chain and key in one file, and a chain repeated in the chain file', async () => {
  const instance = await tempInstance();
  await instance.write('certs/all.pem', mx.fullchain + mx.key);
  await instance.write('certs/chain.pem', mx.chain);
  const provider = loadTlsProvider(instance.dir, tlsConfig({ cert: 'certs/all.pem', key: 'certs/all.pem', chain: 'certs/chain.pem' }));
  assert.equal(provider.certificates()[0]?.chainLength, 1);
  assert.deepEqual((await handshake(provider)).chain, [mx.x509.fingerprint256, ca.intermediate.x509.fingerprint256]);
});

test('names the certificate file when it is missing', async () => {
  const instance = await tempInstance();
  await instance.write('certs/server.key', mx.key);
  const error = loadError(instance.dir);
  assert.equal(error.file, join(instance.dir, 'certs/server.crt'));
  assert.equal(error.message, `${join(instance.dir, 'certs/server.crt')}: cannot read the certificate: no such file`);
});

test('names the key file when it is missing', async () => {
  const instance = await tempInstance();
  await instance.write('certs/server.crt', mx.fullchain);
  assert.equal(loadError(instance.dir).message, `${join(instance.dir, 'certs/server.key')}: cannot read the private key: no such file`);
});

test('names the key file when the key belongs to another certificate', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(withKeyOf(mx, await ca.leaf()));
  const error = loadError(instance.dir);
  assert.equal(error.file, join(instance.dir, 'certs/server.key'));
  assert.equal(error.message, `${join(instance.dir, 'certs/server.key')}: private key does not match the certificate in ${join(instance.dir, 'certs/server.crt')}`);
});

test('says so when the key belongs to a later certificate of the file (leaf not first)', async () => {
  const instance = await tempInstance();
  await instance.write('certs/server.crt', mx.chain + mx.cert);
  await instance.write('certs/server.key', mx.key);
  assert.equal(
    loadError(instance.dir).message,
    `${join(instance.dir, 'certs/server.key')}: private key belongs to certificate 2 (CN=mx.example.test), not the first one, in ${join(instance.dir, 'certs/server.crt')}: the server's certificate must come first`,
  );
});

test('names the file whose chain is out of order', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(mx, { withChain: false });
  await instance.write('certs/chain.pem', ca.root.cert + ca.intermediate.cert);
  const error = loadError(instance.dir, tlsConfig({ chain: 'certs/chain.pem' }));
  assert.equal(error.file, join(instance.dir, 'certs/chain.pem'));
  assert.match(error.message, /the chain is out of order: CN=Mailstead Test Root CA, O=Mailstead Test did not issue CN=mx\.example\.test/);
});

test('names the certificate file when it holds no PEM certificate', async () => {
  const instance = await tempInstance();
  await instance.write('certs/server.crt', 'not a certificate\n');
  await instance.write('certs/server.key', mx.key);
  assert.equal(loadError(instance.dir).message, `${join(instance.dir, 'certs/server.crt')}: no PEM certificate ("-----BEGIN CERTIFICATE-----") found`);
});

test('names the key file when it holds no private key', async () => {
  const instance = await tempInstance();
  await instance.write('certs/server.crt', mx.fullchain);
  await instance.write('certs/server.key', mx.cert);
  const error = loadError(instance.dir);
  assert.equal(error.file, join(instance.dir, 'certs/server.key'));
  assert.ok(error.message.startsWith(`${join(instance.dir, 'certs/server.key')}: not a usable PEM private key`), error.message);
});

test('refuses an encrypted key with the command that decrypts it', async () => {
  const instance = await tempInstance();
  await instance.write('certs/server.crt', mx.fullchain);
  await instance.write('certs/server.key', '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n');
  assert.match(loadError(instance.dir).message, /encrypted keys are not supported \(decrypt it once: openssl pkey -in .*server\.key -out key\.pem\)$/);
});

test('loads an expired certificate, so the server still starts', async () => {
  const expired = await ca.expired();
  const instance = await tempInstance();
  await instance.writeDefault(expired);
  const provider = loadTlsProvider(instance.dir, tlsConfig());
  assert.ok((provider.certificates()[0]?.notAfter.getTime() ?? Infinity) < Date.now());
  assert.equal((await handshake(provider)).chain[0], expired.x509.fingerprint256);
});

test('loads [[tls.certificates]] entries and every store entry besides the default', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(mx);
  const imap = await ca.leaf({ names: ['imap.example.test'] });
  const wildcard = await ca.wildcard('example.org');
  await instance.write('certs/imap.pem', imap.fullchain);
  await instance.write('certs/imap.key', imap.key);
  await instance.store('*.example.org', wildcard);
  const provider = loadTlsProvider(instance.dir, tlsConfig({ certificates: [{ cert: 'certs/imap.pem', key: 'certs/imap.key' }] }));
  const byName = new Map(provider.certificates().map((c) => [c.name, c]));
  assert.deepEqual([...byName.keys()].sort(), ['*.example.org', 'default', 'tls.certificates[0]']);
  assert.equal(byName.get('*.example.org')?.source, 'store');
  assert.equal(byName.get('*.example.org')?.files.cert, join(instance.dir, 'certs/live/_wildcard_.example.org/fullchain.pem'));
  assert.deepEqual(byName.get('*.example.org')?.names, ['*.example.org']);
  assert.equal(byName.get('tls.certificates[0]')?.source, 'config');
});

test('a broken store entry is left out and reported, naming its file, and the others are served', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(mx);
  await instance.store('broken.example.test', withKeyOf(await ca.leaf({ names: ['broken.example.test'] }), mx));
  const provider = loadTlsProvider(instance.dir, tlsConfig());
  assert.deepEqual(provider.certificates().map((c) => c.name), ['default']);
  assert.deepEqual(provider.skipped().map((err) => err.file), [join(instance.dir, 'certs/live/broken.example.test/key.pem')]);
});

test('reload serves a renewed certificate and keeps the old one when the new files are broken', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(mx);
  const provider = loadTlsProvider(instance.dir, tlsConfig());
  const renewed = await ca.leaf({ names: ['mx.example.test'] });
  await instance.writeDefault(renewed);
  provider.reload();
  assert.equal((await handshake(provider)).chain[0], renewed.x509.fingerprint256);

  await instance.write('certs/server.key', mx.key);
  assert.throws(() => provider.reload(), TlsFileError);
  assert.equal((await handshake(provider)).chain[0], renewed.x509.fingerprint256);
});

test('reload takes a changed [tls] table', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(mx);
  const provider = loadTlsProvider(instance.dir, tlsConfig());
  provider.reload(tlsConfig({ min_version: 'TLSv1.3' }));
  assert.equal(provider.minVersion, 'TLSv1.3');
  assert.equal((await handshake(provider)).protocol, 'TLSv1.3');
});

test('reloadIfChanged reloads only when a file or the store changed, and reports a broken change once', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(mx);
  const provider = loadTlsProvider(instance.dir, tlsConfig());
  assert.equal(provider.reloadIfChanged(), false);

  const added = await ca.leaf({ names: ['new.example.test'] });
  await instance.store('new.example.test', added);
  assert.equal(provider.reloadIfChanged(), true);
  assert.equal((await handshake(provider, { servername: 'new.example.test' })).chain[0], added.x509.fingerprint256);
  assert.equal(provider.reloadIfChanged(), false);

  await instance.write('certs/live/new.example.test/key.pem', mx.key);
  assert.throws(() => provider.reloadIfChanged(), TlsFileError);
  assert.equal(provider.reloadIfChanged(), false, 'the same broken state is not reported again');
  assert.equal((await handshake(provider, { servername: 'new.example.test' })).chain[0], added.x509.fingerprint256);

  await instance.write('certs/live/new.example.test/key.pem', added.key);
  assert.equal(provider.reloadIfChanged(), true);
});
