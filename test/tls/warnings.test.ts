import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSelfSignedCertificate, loadTlsProvider, tlsWarnings } from '../../src/tls/index.ts';
import { TestCa, createTestKey } from '../helpers/test-ca.ts';
import { removeTempInstances, tempInstance, tlsConfig } from './fixture.ts';

after(removeTempInstances);
const ca = await TestCa.create();
const key = await createTestKey();
const DAY_MS = 86_400_000;

test('a CA-issued default certificate valid for months and the default policy give no warning', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(await ca.leaf({ key }));
  assert.deepEqual(tlsWarnings(loadTlsProvider(instance.dir, tlsConfig())), []);
});

test('warns that TLS 1.0 and 1.1 are enabled', async () => {
  const instance = await tempInstance();
  await instance.writeDefault(await ca.leaf({ key }));
  const warnings = tlsWarnings(loadTlsProvider(instance.dir, tlsConfig({ min_version: 'TLSv1' })));
  assert.deepEqual(warnings.map((w) => w.kind), ['legacy-tls']);
  assert.match(warnings[0]!.message, /^TLS 1\.0 and 1\.1 are enabled \(tls\.min_version = "TLSv1"\) at OpenSSL security level 0: these versions are deprecated \(RFC 8996\)/);
});

test('warns about a self-signed default certificate, until a real one for its name is in the store', async () => {
  const instance = await tempInstance();
  const bootstrap = await createSelfSignedCertificate('mx.example.test');
  await instance.write('certs/server.crt', bootstrap.cert);
  await instance.write('certs/server.key', bootstrap.key);
  const provider = loadTlsProvider(instance.dir, tlsConfig());
  const [warning] = tlsWarnings(provider);
  assert.equal(warning?.kind, 'self-signed-default');
  assert.equal(warning?.message, 'the default certificate default (mx.example.test) is self-signed: mail clients will warn about it; import a certificate for mx.example.test (docs/tls.md)');
  await instance.store('mx.example.test', await ca.leaf({ key }));
  provider.reload();
  assert.deepEqual(tlsWarnings(provider), []);
});

test('warns about expired, not yet valid and soon expiring certificates', async () => {
  const now = Date.now();
  const instance = await tempInstance();
  await instance.writeDefault(await ca.leaf({ key }));
  await instance.store('expired', await ca.leaf({ names: ['old.example.test'], key, notBefore: new Date(now - 100 * DAY_MS), notAfter: new Date(now - 2 * DAY_MS) }));
  await instance.store('future', await ca.leaf({ names: ['future.example.test'], key, notBefore: new Date(now + 2 * DAY_MS) }));
  await instance.store('soon', await ca.leaf({ names: ['soon.example.test'], key, notAfter: new Date(now + 5 * DAY_MS + 3_600_000) }));
  const warnings = tlsWarnings(loadTlsProvider(instance.dir, tlsConfig()), new Date(now));
  assert.deepEqual(warnings.map((w) => [w.kind, w.certificate?.name]).sort(), [['expired', 'expired'], ['expires-soon', 'soon'], ['not-yet-valid', 'future']]);
  const soon = warnings.find((w) => w.kind === 'expires-soon');
  assert.match(soon?.message ?? '', /^certificate soon \(soon\.example\.test\) expires in 5 days, on /);
  assert.match(warnings.find((w) => w.kind === 'expired')?.message ?? '', /^certificate expired \(old\.example\.test\) expired on \d{4}-/);
});
