import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeMxFor, testCertificate } from '../helpers/fake-mx.ts';
import { message, transferFor } from './transfer-fixture.ts';
import type { TransferDestination } from '../../src/outbound/transfer-types.ts';

const SMART_HOST = 'smtp.provider.test';
const CREDENTIALS = { username: 'relay-user', password: 's3cret-pa55' };

function smartHost(port: number, overrides: Partial<TransferDestination> = {}): TransferDestination {
  return {
    key: `hop:${SMART_HOST}:${port}`,
    candidates: [{ host: SMART_HOST, port, addresses: ['127.0.0.1'] }],
    tls: 'required',
    auth: CREDENTIALS,
    ...overrides,
  };
}

test('relays through a smart host on 587: STARTTLS required, verified, then AUTH', async (t) => {
  const certificate = await testCertificate(SMART_HOST);
  const fake = await fakeMxFor(t, { name: SMART_HOST, tls: certificate, auth: CREDENTIALS });
  const harness = transferFor(t, { ca: certificate.cert });
  const result = await harness.transfer.deliver(smartHost(fake.port), message(['someone@elsewhere.test', 'other@third.test']));
  assert.deepEqual(
    result.recipients.map((r) => r.outcome),
    ['delivered', 'delivered'],
  );
  assert.equal(result.tls!.verified, true);
  const session = fake.sessions[0]!;
  assert.equal(session.secure, true);
  assert.equal(session.user, CREDENTIALS.username);
  assert.equal(fake.transactions().length, 1);
  assert.ok(!harness.logText().includes(CREDENTIALS.password), 'the password is never logged');
  assert.ok(!harness.logText().includes(Buffer.from(`\u0000${CREDENTIALS.username}\u0000${CREDENTIALS.password}`).toString('base64')));
  assert.ok(harness.logText().includes('AUTH PLAIN ***'));
});

test('relays through a smart host on 465 with implicit TLS and AUTH', async (t) => {
  const certificate = await testCertificate(SMART_HOST);
  const fake = await fakeMxFor(t, { name: SMART_HOST, tls: certificate, implicitTls: true, auth: CREDENTIALS });
  const { transfer } = transferFor(t, { ca: certificate.cert });
  const result = await transfer.deliver(smartHost(fake.port, { tls: 'implicit' }), message(['someone@elsewhere.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(fake.sessions[0]!.user, CREDENTIALS.username);
  assert.equal(result.tls!.verified, true);
});

test('uses AUTH LOGIN when the server offers no PLAIN', async (t) => {
  const certificate = await testCertificate(SMART_HOST);
  const fake = await fakeMxFor(t, { name: SMART_HOST, tls: certificate, auth: CREDENTIALS, authMethods: ['LOGIN'] });
  const harness = transferFor(t, { ca: certificate.cert });
  const result = await harness.transfer.deliver(smartHost(fake.port), message(['someone@elsewhere.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(fake.sessions[0]!.user, CREDENTIALS.username);
  assert.ok(!harness.logText().includes(Buffer.from(CREDENTIALS.password).toString('base64')));
});

test('a refused password defers the delivery (soft bounce) with the server reply', async (t) => {
  const certificate = await testCertificate(SMART_HOST);
  const fake = await fakeMxFor(t, { name: SMART_HOST, tls: certificate, auth: CREDENTIALS });
  const harness = transferFor(t, { ca: certificate.cert });
  const result = await harness.transfer.deliver(smartHost(fake.port, { auth: { username: 'relay-user', password: 'wrong-password' } }), message(['someone@elsewhere.test']));
  const [recipient] = result.recipients;
  assert.equal(recipient!.outcome, 'temporary');
  assert.equal(recipient!.status, '4.7.8');
  assert.deepEqual(recipient!.reply, { code: 535, enhanced: '5.7.8', text: 'Authentication credentials invalid', host: SMART_HOST, address: '127.0.0.1', step: 'AUTH' });
  assert.equal(recipient!.detail, `SASL authentication failed; host ${SMART_HOST}[127.0.0.1]:${fake.port} said: 535 5.7.8 Authentication credentials invalid (in reply to AUTH command)`);
  assert.equal(fake.transactions().length, 0);
  assert.ok(!harness.logText().includes('wrong-password'));
});

test('never sends credentials over plain text unless allowed', async (t) => {
  const fake = await fakeMxFor(t, { name: SMART_HOST, auth: CREDENTIALS, allowInsecureAuth: true });
  const { transfer } = transferFor(t);
  const refused = await transfer.deliver(smartHost(fake.port, { tls: 'opportunistic' }), message(['someone@elsewhere.test']));
  assert.equal(refused.recipients[0]!.outcome, 'temporary');
  assert.equal(refused.recipients[0]!.status, '4.7.4');
  assert.equal(refused.recipients[0]!.detail, `not sending credentials to ${SMART_HOST}[127.0.0.1]:${fake.port} over an unencrypted connection`);
  assert.equal(fake.sessions[0]!.user, null);

  const allowed = await transfer.deliver(smartHost(fake.port, { tls: 'none', allowPlaintextAuth: true }), message(['someone@elsewhere.test']));
  assert.equal(allowed.recipients[0]!.outcome, 'delivered');
  assert.equal(fake.sessions[1]!.user, CREDENTIALS.username);
});

test('defers when AUTH is configured but the server offers no mechanism we speak', async (t) => {
  const certificate = await testCertificate(SMART_HOST);
  const fake = await fakeMxFor(t, { name: SMART_HOST, tls: certificate });
  const { transfer } = transferFor(t, { ca: certificate.cert });
  const result = await transfer.deliver(smartHost(fake.port), message(['someone@elsewhere.test']));
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.7.0');
  assert.match(result.recipients[0]!.detail, /^no supported AUTH mechanism offered \(none\) by host /);
});
