import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CIPHERS } from 'node:tls';
import { loadTlsProvider, tlsPolicy } from '../../src/tls/index.ts';
import { parseConfig, ConfigError } from '../../src/config/index.ts';
import { TestCa } from '../helpers/test-ca.ts';
import { handshake, removeTempInstances, tempInstance, tlsConfig } from './fixture.ts';

after(removeTempInstances);
const ca = await TestCa.create();
const mx = await ca.leaf({ names: ['mx.example.test'] });
/** What an old device's TLS stack offers: only TLS 1.0, SHA-1 CBC suites (allowed by level 0 on our side of the test). */
const OLD_DEVICE = { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } as const;

async function providerWith(table: Record<string, unknown>) {
  const instance = await tempInstance();
  await instance.writeDefault(mx);
  return loadTlsProvider(instance.dir, tlsConfig(table));
}

test('prefers TLS 1.3 and accepts TLS 1.2 by default', async () => {
  const provider = await providerWith({});
  assert.equal(provider.minVersion, 'TLSv1.2');
  assert.equal((await handshake(provider)).protocol, 'TLSv1.3');
  assert.equal((await handshake(provider, { maxVersion: 'TLSv1.2' })).protocol, 'TLSv1.2');
});

test('refuses TLS 1.0 and 1.1 by default', async () => {
  const provider = await providerWith({});
  await assert.rejects(handshake(provider, OLD_DEVICE), /protocol version|unsupported protocol/i);
  await assert.rejects(handshake(provider, { ...OLD_DEVICE, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' }), /protocol version|unsupported protocol/i);
});

test('min_version = "TLSv1.3" refuses a TLS 1.2 client', async () => {
  const provider = await providerWith({ min_version: 'TLSv1.3' });
  await assert.rejects(handshake(provider, { maxVersion: 'TLSv1.2' }), /protocol version|unsupported protocol/i);
  assert.equal((await handshake(provider)).protocol, 'TLSv1.3');
});

test('min_version = "TLSv1" lets an old TLS 1.0 device connect, and TLS 1.3 stays preferred', async () => {
  const provider = await providerWith({ min_version: 'TLSv1' });
  assert.equal((await handshake(provider, OLD_DEVICE)).protocol, 'TLSv1');
  assert.equal((await handshake(provider, { ...OLD_DEVICE, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' })).protocol, 'TLSv1.1');
  assert.equal((await handshake(provider)).protocol, 'TLSv1.3');
});

test('min_version = "TLSv1.1" still refuses TLS 1.0', async () => {
  const provider = await providerWith({ min_version: 'TLSv1.1' });
  await assert.rejects(handshake(provider, OLD_DEVICE), /protocol version|unsupported protocol/i);
  assert.equal((await handshake(provider, { ...OLD_DEVICE, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' })).protocol, 'TLSv1.1');
});

test('legacy versions lower the security level, and an explicit level in ciphers is kept', () => {
  assert.equal(tlsPolicy(tlsConfig({ min_version: 'TLSv1' })).ciphers, `${DEFAULT_CIPHERS}:@SECLEVEL=0`);
  assert.equal(tlsPolicy(tlsConfig({ min_version: 'TLSv1.1', ciphers: 'HIGH:@SECLEVEL=1' })).ciphers, 'HIGH:@SECLEVEL=1');
  assert.equal(tlsPolicy(tlsConfig()).ciphers, DEFAULT_CIPHERS);
  assert.equal(tlsPolicy(tlsConfig()).honorCipherOrder, true);
});

test('ciphers restricts TLS 1.2 suites and leaves TLS 1.3 on', async () => {
  const provider = await providerWith({ ciphers: 'ECDHE-RSA-CHACHA20-POLY1305' });
  const tls12 = await handshake(provider, { maxVersion: 'TLSv1.2' });
  assert.equal(tls12.cipher, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256');
  await assert.rejects(handshake(provider, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }), /handshake failure|no shared cipher/i);
  assert.equal((await handshake(provider)).protocol, 'TLSv1.3');
});

test('the server\'s cipher order wins for TLS 1.2', async () => {
  const provider = await providerWith({ ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256' });
  const result = await handshake(provider, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384' });
  assert.equal(result.cipher, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
});

test('the config refuses a cipher list OpenSSL knows nothing of, and an unknown version', () => {
  assert.throws(
    () => parseConfig('hostname = "mx.example.test"\n[tls]\nciphers = "NO-SUCH-CIPHER"\n', 'mailstead.toml'),
    (err: unknown) => err instanceof ConfigError && err.key === 'tls.ciphers' && /OpenSSL knows no cipher/.test(err.message),
  );
  assert.throws(() => parseConfig('hostname = "mx.example.test"\n[tls]\nmin_version = "SSLv3"\n', 'mailstead.toml'), (err: unknown) => err instanceof ConfigError && err.key === 'tls.min_version');
});
