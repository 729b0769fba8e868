// The certificate review against a running server: every TLS listener (STARTTLS and implicit TLS for
// SMTP, submission, IMAP, POP3) is reached with a real handshake, and each kind of certificate problem
// made here with a test CA shows up as the finding it should.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestKey, TestCa, withoutChain } from '../helpers/test-ca.ts';
import { writeCertificate } from '../../src/tls/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { readConfiguredCertificates, serverNamesToCheck } from '../../src/doctor/index.ts';
import { anchorsOf, daysFromNow, findingsOf, findingSummary, HOSTNAME, review, rsaTestKey, startCertInstance } from './cert-instance.ts';

let ca: TestCa;
before(async () => {
  ca = await TestCa.create();
});

test('a complete chain from a trusted CA, valid and matching, is all ok on every TLS listener', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME, 'mail.example.test'] });
  const instance = await startCertInstance({ certificate: leaf });
  try {
    const report = await review(instance, anchorsOf(ca.root));
    assert.equal(report.status, 'ok', JSON.stringify(findingSummary(report)));
    assert.equal(report.errors, 0);
    assert.equal(report.warnings, 0);
    assert.deepEqual(
      report.listeners.map((l) => `${l.protocol}/${l.tls}`),
      ['smtp/starttls', 'submission/starttls', 'submission/implicit', 'imap/starttls', 'imap/implicit', 'pop3/starttls', 'pop3/implicit'],
    );
    assert.deepEqual(findingSummary(report), ['chain:ok', 'connect:ok', 'expiry:ok', 'hostname:ok', 'key-match:ok', 'key-strength:ok', 'protocols:ok', 'trust:ok']);
    for (const listener of report.listeners) {
      assert.equal(listener.reachable, true);
      assert.deepEqual(listener.protocols, { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
      const [served] = listener.certificates;
      assert.ok(served);
      assert.deepEqual(
        served.chain.map((c) => c.subject),
        [`CN=${HOSTNAME}`, 'CN=Mailstead Test Issuing CA, O=Mailstead Test'],
      );
      assert.equal(served.chain[0]!.issuer, 'CN=Mailstead Test Issuing CA, O=Mailstead Test');
      assert.equal(served.chain[0]!.daysToExpiry, 89);
      assert.deepEqual(served.chain[0]!.names, [HOSTNAME, 'mail.example.test']);
      assert.equal(served.complete, true);
      assert.equal(served.trusted, true);
      assert.equal(served.hostnameCovered, true);
      assert.equal(served.keyMatches, true);
      assert.equal(served.keyFile, 'certs/server.key');
      assert.equal(served.keyType, 'RSA');
      assert.equal(served.keyBits, 2048);
    }
  } finally {
    await instance.close();
  }
});

test('with several certificates, each is asked for by its names (SNI) and reviewed against its own key file', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const other = await ca.leaf({ names: ['mail.example.org', '*.example.org'] });
  const instance = await startCertInstance({
    certificate: leaf,
    prepare: async (dir) => void (await writeCertificate(dir, 'mail.example.org', { fullchainPem: other.fullchain, keyPem: other.key })),
  });
  try {
    const names = serverNamesToCheck(HOSTNAME, readConfiguredCertificates(instance.dir, loadConfig(instance.dir)));
    assert.deepEqual(names, [HOSTNAME, 'mail.example.org']);
    const report = await review(instance, anchorsOf(ca.root), { serverNames: names });
    assert.equal(report.status, 'ok', JSON.stringify(findingSummary(report)));
    for (const listener of report.listeners) {
      assert.deepEqual(
        listener.certificates.map((c) => [c.serverName, c.chain[0]!.fingerprint256, c.keyFile]),
        [
          [HOSTNAME, leaf.x509.fingerprint256, 'certs/server.key'],
          ['mail.example.org', other.x509.fingerprint256, 'certs/live/mail.example.org/key.pem'],
        ],
      );
    }
  } finally {
    await instance.close();
  }
});

test('a chain without its intermediate is an incomplete-chain error', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const instance = await startCertInstance({ certificate: withoutChain(leaf) });
  try {
    const report = await review(instance, anchorsOf(ca.root));
    assert.equal(report.status, 'error');
    const chain = findingsOf(report, 'chain');
    assert.equal(chain.length, 7);
    assert.ok(chain.every((f) => f.status === 'error'));
    assert.match(chain[0]!.text, /^incomplete: the issuer of "mx\.example\.test" \("Mailstead Test Issuing CA"\) was not served and is not a root in the test CA; serve the intermediate certificates/);
    // The missing intermediate does not also count as an untrusted chain.
    assert.deepEqual(findingsOf(report, 'trust'), []);
    assert.equal(report.listeners[0]!.certificates[0]!.complete, false);
  } finally {
    await instance.close();
  }
});

test('a chain that verifies only against another CA is a trust error that points at --ca', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const instance = await startCertInstance({ certificate: { fullchain: leaf.fullchain + ca.root.cert, key: leaf.key } });
  try {
    const other = await TestCa.create('Other');
    const report = await review(instance, anchorsOf(other.root));
    const trust = findingsOf(report, 'trust');
    assert.ok(trust.length > 0 && trust.every((f) => f.status === 'error'));
    assert.match(trust[0]!.text, /the chain ends at the root "Mailstead Test Root CA", which is not in the test CA; .*--ca FILE/);
    assert.equal(findingsOf(report, 'chain')[0]!.status, 'ok');
  } finally {
    await instance.close();
  }
});

test('an expired certificate is an expiry error', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME], notBefore: daysFromNow(-100), notAfter: daysFromNow(-10.5) });
  const instance = await startCertInstance({ certificate: leaf });
  try {
    const report = await review(instance, anchorsOf(ca.root));
    assert.equal(report.status, 'error');
    const expiry = findingsOf(report, 'expiry').filter((f) => f.status !== 'ok');
    assert.equal(expiry.length, 7);
    assert.match(expiry[0]!.text, /^"mx\.example\.test" expired on \d{4}-\d\d-\d\d \(10 days ago\): renew it and reload the server \(SIGHUP\)$/);
    assert.equal(report.listeners[0]!.certificates[0]!.chain[0]!.daysToExpiry, -11);
    assert.deepEqual(findingSummary(report), ['chain:ok', 'connect:ok', 'expiry:error', 'expiry:ok', 'hostname:ok', 'key-match:ok', 'key-strength:ok', 'protocols:ok', 'trust:ok']);
  } finally {
    await instance.close();
  }
});

test('a certificate expiring within 30 days is a warning', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME], notAfter: daysFromNow(20.5) });
  const instance = await startCertInstance({ certificate: leaf });
  try {
    const report = await review(instance, anchorsOf(ca.root));
    assert.equal(report.status, 'warning');
    assert.equal(report.errors, 0);
    assert.equal(report.warnings, 7);
    assert.match(findingsOf(report, 'expiry')[0]!.text, /^"mx\.example\.test" expires on \d{4}-\d\d-\d\d, in 20 days: renew it/);
    // Judged at a later moment (the clock is the caller's), the same certificate has expired.
    const later = await review(instance, anchorsOf(ca.root), { now: Date.now() + 21 * 86_400_000 });
    assert.equal(later.status, 'error');
  } finally {
    await instance.close();
  }
});

test('a certificate for another name is a hostname error', async () => {
  const leaf = await ca.leaf({ names: ['other.example.test', '*.example.net'] });
  const instance = await startCertInstance({ certificate: leaf });
  try {
    const report = await review(instance, anchorsOf(ca.root));
    assert.equal(report.status, 'error');
    const hostname = findingsOf(report, 'hostname');
    assert.ok(hostname.every((f) => f.status === 'error'));
    assert.equal(hostname[0]!.text, 'does not cover mx.example.test (it names other.example.test, *.example.net): get a certificate that includes mx.example.test, or set hostname to a name it covers');
    // A one-label wildcard covers a name below it (RFC 6125 §6.4.3), not the name two labels down.
    const wildcard = await review(instance, anchorsOf(ca.root), { serverNames: ['mx.example.net', 'a.b.example.net'] });
    const served = wildcard.listeners[0]!.certificates;
    assert.deepEqual(served.map((c) => [c.serverName, c.hostnameCovered]), [['mx.example.net', true], ['a.b.example.net', false]]);
  } finally {
    await instance.close();
  }
});

test('a self-signed certificate is a warning, not an error', async () => {
  // createInstance's own certificate: self-signed ECDSA P-256, as `mailstead init` makes it.
  const instance = await startCertInstance();
  try {
    const report = await review(instance, anchorsOf(ca.root));
    assert.equal(report.status, 'warning');
    assert.equal(report.errors, 0);
    assert.deepEqual(findingSummary(report), ['connect:ok', 'expiry:ok', 'hostname:ok', 'key-match:ok', 'key-strength:ok', 'protocols:ok', 'self-signed:warning']);
    const served = report.listeners[0]!.certificates[0]!;
    assert.equal(served.selfSigned, true);
    assert.equal(served.keyType, 'ECDSA P-256');
    assert.equal(served.keyBits, 256);
    assert.match(findingsOf(report, 'self-signed')[0]!.text, /^self-signed: .*fine while bootstrapping/);
  } finally {
    await instance.close();
  }
});

test('a key file that no longer holds the served key is a key-match error', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const instance = await startCertInstance({ certificate: leaf });
  try {
    // The key file is replaced behind the running server's back; it keeps serving what it loaded.
    await writeFile(join(instance.dir, 'certs/server.key'), (await createTestKey()).pem, { mode: 0o600 });
    const report = await review(instance, anchorsOf(ca.root));
    assert.equal(report.status, 'error');
    const keyMatch = findingsOf(report, 'key-match');
    assert.ok(keyMatch.length === 7 && keyMatch.every((f) => f.status === 'error'));
    assert.match(keyMatch[0]!.text, /^certs\/server\.key does not hold the key of the served certificate \(certs\/server\.crt\): the key file was replaced/);
    assert.equal(report.listeners[0]!.certificates[0]!.keyMatches, false);
  } finally {
    await instance.close();
  }
});

test('certificate and key files replaced by another pair without a reload are a key-match error', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const instance = await startCertInstance({
    certificate: leaf,
    extraConfig: '[tls]\nwatch_interval = "0s"\n',
  });
  try {
    const renewed = await ca.leaf({ names: [HOSTNAME] });
    await writeFile(join(instance.dir, 'certs/server.key'), renewed.key, { mode: 0o600 });
    await writeFile(join(instance.dir, 'certs/server.crt'), renewed.fullchain);
    const report = await review(instance, anchorsOf(ca.root));
    const keyMatch = findingsOf(report, 'key-match');
    assert.ok(keyMatch.every((f) => f.status === 'error'));
    assert.match(keyMatch[0]!.text, /^the served certificate's key is not the one in certs\/server\.key: the files on disk changed since the server loaded them/);
  } finally {
    await instance.close();
  }
});

test('an RSA key of 1024 bits is a key-strength error', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME], key: rsaTestKey(1024) });
  // The server refuses to load such a key at OpenSSL's default security level; the legacy policy
  // (min_version TLSv1, security level 0) is what lets a server serve one.
  const instance = await startCertInstance({ certificate: leaf, extraConfig: '[tls]\nmin_version = "TLSv1"\n' });
  try {
    const report = await review(instance, anchorsOf(ca.root));
    const strength = findingsOf(report, 'key-strength');
    assert.ok(strength.length === 7 && strength.every((f) => f.status === 'error'));
    assert.equal(strength[0]!.text, 'RSA key of 1024 bits is too weak (less than 2048): make a new key (RSA of 2048 bits or more, or ECDSA P-256) and a certificate for it');
    assert.equal(report.listeners[0]!.certificates[0]!.keyBits, 1024);
  } finally {
    await instance.close();
  }
});

test('a listener that accepts TLS 1.0 and 1.1 is a protocols error', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const instance = await startCertInstance({ certificate: leaf, extraConfig: '[tls]\nmin_version = "TLSv1"\n' });
  try {
    const report = await review(instance, anchorsOf(ca.root));
    assert.equal(report.status, 'error');
    for (const listener of report.listeners) {
      assert.deepEqual(listener.protocols, { TLSv1: true, 'TLSv1.1': true, 'TLSv1.2': true, 'TLSv1.3': true });
    }
    const protocols = findingsOf(report, 'protocols');
    assert.ok(protocols.length === 7 && protocols.every((f) => f.status === 'error'));
    assert.equal(protocols[0]!.text, 'accepts TLS 1.0, TLS 1.1, TLS 1.2, TLS 1.3: TLS 1.0, TLS 1.1 are deprecated (RFC 8996); accept TLS 1.2 and later only (tls.min_version = "TLSv1.2")');
  } finally {
    await instance.close();
  }
});

test('a listener nobody answers on is a connect error naming it', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const instance = await startCertInstance({ certificate: leaf });
  const listeners = instance.server.listeners;
  await instance.close();
  const { checkCertificates } = await import('../../src/doctor/index.ts');
  const report = await checkCertificates(listeners.slice(0, 2), { serverNames: [HOSTNAME], ehloName: 'doctor.example.test', anchors: anchorsOf(ca.root), now: Date.now(), timeoutMs: 5000 });
  assert.equal(report.status, 'error');
  assert.deepEqual(report.listeners.map((l) => l.reachable), [false, false]);
  assert.match(report.listeners[0]!.findings[0]!.text, new RegExp(`^cannot connect to 127\\.0\\.0\\.1 port ${listeners[0]!.port}: .*ECONNREFUSED`));
  assert.equal(report.listeners[0]!.protocols, null);
});
