import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSelfSignedCertificate, loadTlsProvider } from '../../src/tls/index.ts';
import { TestCa, createTestKey } from '../helpers/test-ca.ts';
import { handshake, removeTempInstances, tempInstance, tlsConfig } from './fixture.ts';

after(removeTempInstances);
const ca = await TestCa.create();
const key = await createTestKey();
const DAY_MS = 86_400_000;

const mx = await ca.leaf({ names: ['mx.example.test'], key });
const imap = await ca.leaf({ names: ['imap.example.test', 'pop.example.test'], key });
const wildcard = await ca.wildcard('example.test');
const exactOrg = await ca.leaf({ names: ['mail.example.org'], key });

async function providerWith(entries: Record<string, typeof mx>, defaultCert = mx, now?: () => Date) {
  const instance = await tempInstance();
  await instance.writeDefault(defaultCert);
  for (const [name, certificate] of Object.entries(entries)) await instance.store(name, certificate);
  return loadTlsProvider(instance.dir, tlsConfig(), now === undefined ? {} : { now });
}

async function served(provider: Awaited<ReturnType<typeof providerWith>>, servername?: string): Promise<string | undefined> {
  return (await handshake(provider, servername === undefined ? {} : { servername })).chain[0];
}

test('picks the certificate whose name the client asked for (RFC 6066 §3)', async () => {
  const provider = await providerWith({ 'imap.example.test': imap, 'mail.example.org': exactOrg });
  assert.equal(await served(provider, 'imap.example.test'), imap.x509.fingerprint256);
  assert.equal(await served(provider, 'pop.example.test'), imap.x509.fingerprint256);
  assert.equal(await served(provider, 'MAIL.example.org'), exactOrg.x509.fingerprint256);
  assert.equal(await served(provider, 'mx.example.test'), mx.x509.fingerprint256);
});

test('serves the default for an unknown name and for a client that sends none', async () => {
  const provider = await providerWith({ 'imap.example.test': imap });
  assert.equal(await served(provider, 'unknown.example.net'), mx.x509.fingerprint256);
  assert.equal(await served(provider), mx.x509.fingerprint256);
  assert.equal(provider.defaultCertificate().name, 'default');
});

test('an exact name wins over a wildcard, and a wildcard covers one label only', async () => {
  const provider = await providerWith({ 'imap.example.test': imap, '*.example.test': wildcard });
  assert.equal(await served(provider, 'imap.example.test'), imap.x509.fingerprint256);
  assert.equal(await served(provider, 'webmail.example.test'), wildcard.x509.fingerprint256);
  assert.equal(await served(provider, 'a.b.example.test'), mx.x509.fingerprint256);
  assert.equal(await served(provider, 'example.test'), mx.x509.fingerprint256);
});

test('a store certificate for the default certificate\'s name replaces it, for SNI and as the default', async () => {
  const bootstrap = await createSelfSignedCertificate('mx.example.test');
  const instance = await tempInstance();
  await instance.write('certs/server.crt', bootstrap.cert);
  await instance.write('certs/server.key', bootstrap.key);
  const provider = loadTlsProvider(instance.dir, tlsConfig());
  assert.equal(provider.defaultCertificate().isSelfSigned, true);
  await instance.store('mx.example.test', mx);
  provider.reload();
  assert.equal(await served(provider, 'mx.example.test'), mx.x509.fingerprint256);
  assert.equal(await served(provider), mx.x509.fingerprint256);
  assert.equal(provider.defaultCertificate().name, 'mx.example.test');
  const usage = new Map(provider.usage().map((use) => [use.certificate.name, use]));
  assert.deepEqual({ isDefault: usage.get('mx.example.test')?.isDefault, names: usage.get('mx.example.test')?.servedNames }, { isDefault: true, names: ['mx.example.test'] });
  assert.deepEqual({ isDefault: usage.get('default')?.isDefault, names: usage.get('default')?.servedNames }, { isDefault: false, names: [] });
});

test('prefers a valid certificate over an expired one for the same name, judged at each handshake', async () => {
  const now = Date.now();
  const shortLived = await ca.leaf({ names: ['imap.example.test'], key, notAfter: new Date(now + 10 * DAY_MS) });
  const longLived = await ca.leaf({ names: ['imap.example.test'], key, notBefore: new Date(now + 5 * DAY_MS), notAfter: new Date(now + 100 * DAY_MS) });
  let clock = new Date(now);
  const provider = await providerWith({ 'imap-old': shortLived, 'imap-new': longLived }, mx, () => clock);
  // The later expiry is preferred, but it is not valid yet: the valid one is served.
  assert.equal(await served(provider, 'imap.example.test'), shortLived.x509.fingerprint256);
  clock = new Date(now + 6 * DAY_MS);
  assert.equal(await served(provider, 'imap.example.test'), longLived.x509.fingerprint256);
  clock = new Date(now + 200 * DAY_MS);
  assert.equal(await served(provider, 'imap.example.test'), longLived.x509.fingerprint256, 'none valid: the most preferred');
});

test('serves a valid wildcard rather than an expired certificate of the exact name', async () => {
  const now = Date.now();
  const expired = await ca.leaf({ names: ['mx.example.test'], key, notBefore: new Date(now - 100 * DAY_MS), notAfter: new Date(now - DAY_MS) });
  const provider = await providerWith({ 'mx-expired': expired, '*.example.test': wildcard }, imap, () => new Date(now));
  assert.equal(await served(provider, 'mx.example.test'), wildcard.x509.fingerprint256);
});

test('sends the chain complete: the leaf, then its intermediate', async () => {
  const provider = await providerWith({ 'imap.example.test': imap });
  assert.deepEqual((await handshake(provider, { servername: 'imap.example.test' })).chain, [imap.x509.fingerprint256, ca.intermediate.x509.fingerprint256]);
});
