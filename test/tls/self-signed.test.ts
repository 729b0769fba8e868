import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createSelfSignedCertificate, SELF_SIGNED_VALIDITY_DAYS } from '../../src/tls/index.ts';

const DAY_MS = 86_400_000;

test('makes a certificate whose subject alternative name is the host name', async () => {
  const { cert } = await createSelfSignedCertificate('mx.example.test');
  const x509 = new X509Certificate(cert);
  assert.equal(x509.subjectAltName, 'DNS:mx.example.test');
  assert.equal(x509.subject, 'CN=mx.example.test');
  assert.equal(x509.checkHost('mx.example.test'), 'mx.example.test');
  assert.equal(x509.checkHost('other.example.test'), undefined);
  assert.equal(x509.ca, false);
  assert.deepEqual(x509.keyUsage, ['1.3.6.1.5.5.7.3.1']);
});

test('is valid from now for 825 days by default', async () => {
  const before = Date.now();
  const { cert } = await createSelfSignedCertificate('mx.example.test');
  const x509 = new X509Certificate(cert);
  assert.equal(SELF_SIGNED_VALIDITY_DAYS, 825);
  const from = x509.validFromDate.getTime();
  const to = x509.validToDate.getTime();
  // X.509 times have whole seconds.
  assert.ok(from >= before - 1000 && from <= Date.now(), `validFrom ${x509.validFrom}`);
  assert.equal(Math.round((to - from) / DAY_MS), 825);
});

test('honours a shorter validity', async () => {
  const { cert } = await createSelfSignedCertificate('mx.example.test', { days: 30 });
  const x509 = new X509Certificate(cert);
  assert.equal(Math.round((x509.validToDate.getTime() - x509.validFromDate.getTime()) / DAY_MS), 30);
});

test('returns an unencrypted PEM private key that matches the certificate', async () => {
  const { cert, key } = await createSelfSignedCertificate('mx.example.test');
  assert.match(key, /^-----BEGIN PRIVATE KEY-----\n/);
  const privateKey = createPrivateKey(key);
  assert.equal(privateKey.asymmetricKeyType, 'ec');
  assert.equal(new X509Certificate(cert).checkPrivateKey(privateKey), true);
  assert.equal(new X509Certificate(cert).verify(new X509Certificate(cert).publicKey), true);
});
