import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeMxFor, testCertificate } from '../helpers/fake-mx.ts';
import { destination, message, MX_HOST, transferFor } from './transfer-fixture.ts';

test('uses STARTTLS when offered: a self-signed certificate is recorded as unverified, not refused', async (t) => {
  const fake = await fakeMxFor(t, { tls: await testCertificate(MX_HOST) });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  const session = fake.sessions[0]!;
  assert.equal(session.secure, true);
  assert.equal(session.servername, MX_HOST, 'SNI is the MX host name');
  assert.deepEqual(result.tls, {
    tls: true,
    protocol: session.tls!.protocol,
    cipher: session.tls!.cipher,
    verified: false,
    verifyError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
  });
  assert.ok(['TLSv1.2', 'TLSv1.3'].includes(result.tls!.protocol!));
});

test('records the certificate as verified when it chains to a configured CA and matches the MX name', async (t) => {
  const certificate = await testCertificate(MX_HOST);
  const fake = await fakeMxFor(t, { tls: certificate });
  const { transfer } = transferFor(t, { ca: certificate.cert });
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.tls!.verified, true);
  assert.equal(result.tls!.verifyError, undefined);
});

test('records a name mismatch as unverified', async (t) => {
  const certificate = await testCertificate('other.remote.test');
  const fake = await fakeMxFor(t, { tls: certificate });
  const { transfer } = transferFor(t, { ca: certificate.cert });
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.tls!.verified, false);
  assert.equal(result.tls!.verifyError, 'ERR_TLS_CERT_ALTNAME_INVALID');
});

test('delivers in plain text to a server that offers no STARTTLS, and records it', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.deepEqual(result.tls, { tls: false, protocol: null, cipher: null, verified: false });
  assert.equal(fake.sessions[0]!.secure, false);
});

test('never uses STARTTLS with tls = none', async (t) => {
  const fake = await fakeMxFor(t, { tls: await testCertificate(MX_HOST) });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port, { tls: 'none' }), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.tls!.tls, false);
  assert.equal(fake.sessions[0]!.secure, false);
});

test('retries the same address without TLS when an opportunistic STARTTLS handshake fails', async (t) => {
  const fake = await fakeMxFor(t, { tls: await testCertificate(MX_HOST), brokenTls: true });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.tls!.tls, false);
  assert.deepEqual(
    result.attempts.map((a) => [a.address, a.result, a.withoutTls ?? false, a.status]),
    [
      ['127.0.0.1', 'failed', false, '4.7.5'],
      ['127.0.0.1', 'session', true, undefined],
    ],
  );
  assert.match(result.attempts[0]!.detail!, /^TLS handshake with mx\.remote\.test\[127\.0\.0\.1\]:\d+ failed: /);
  assert.equal(fake.connections(), 2);
  assert.equal(fake.transactions().length, 1);
});

test('required TLS: a server without STARTTLS gets nothing and the delivery is deferred with 4.7.4', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port, { tls: 'required' }), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.7.4');
  assert.equal(result.recipients[0]!.detail, `TLS is required, but was not offered by host ${MX_HOST}[127.0.0.1]:${fake.port}`);
  assert.equal(fake.transactions().length, 0);
});

test('required TLS: an unverified certificate is refused with 4.7.5 before any mail command', async (t) => {
  const fake = await fakeMxFor(t, { tls: await testCertificate(MX_HOST) });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port, { tls: 'required' }), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.7.5');
  assert.equal(result.recipients[0]!.detail, `server certificate not verified for ${MX_HOST}[127.0.0.1]:${fake.port}: DEPTH_ZERO_SELF_SIGNED_CERT`);
  assert.equal(fake.transactions().length, 0);
});

test('required TLS without verification delivers over an unverified certificate when told to', async (t) => {
  const fake = await fakeMxFor(t, { tls: await testCertificate(MX_HOST) });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port, { tls: 'required', verifyCertificate: false }), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.tls!.tls, true);
  assert.equal(result.tls!.verified, false);
});

test('required TLS: a failed handshake is not retried in plain text', async (t) => {
  const fake = await fakeMxFor(t, { tls: await testCertificate(MX_HOST), brokenTls: true });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port, { tls: 'required', verifyCertificate: false }), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.7.5');
  assert.equal(fake.connections(), 1);
});

test('implicit TLS (465) verifies the certificate from the first byte', async (t) => {
  const certificate = await testCertificate(MX_HOST);
  const fake = await fakeMxFor(t, { tls: certificate, implicitTls: true });
  const { transfer } = transferFor(t, { ca: certificate.cert });
  const result = await transfer.deliver(destination(fake.port, { tls: 'implicit' }), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.tls!.tls, true);
  assert.equal(result.tls!.verified, true);
  assert.equal(fake.sessions[0]!.servername, MX_HOST);
});

test('implicit TLS refuses an unverified certificate with 4.7.5', async (t) => {
  const fake = await fakeMxFor(t, { tls: await testCertificate(MX_HOST), implicitTls: true });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port, { tls: 'implicit' }), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.7.5');
  assert.equal(fake.transactions().length, 0);
});

test('sends no SNI when the candidate is an IP address', async (t) => {
  const fake = await fakeMxFor(t, { tls: await testCertificate(MX_HOST) });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(
    destination(fake.port, { candidates: [{ host: '127.0.0.1', port: fake.port, addresses: ['127.0.0.1'] }] }),
    message(['a@remote.test']),
  );
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.tls!.tls, true);
  assert.equal(fake.sessions[0]!.servername, null);
});
