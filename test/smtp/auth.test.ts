// AUTH (RFC 4954) on submission listeners (RFC 6409): advertised only where credentials may travel,
// PLAIN and LOGIN with and without initial responses, cancel, bad base64, wrong password after the
// failure delay, MAIL refused before AUTH, and the authenticated identity in the envelope and Received.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOSTNAME, smtpFor, testTlsProvider } from './fixture.ts';
import type { SmtpTestClient } from '../helpers/smtp-client.ts';

const EXTENSIONS = `250-${HOSTNAME}\r\n250-PIPELINING\r\n250-SIZE 26214400\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250-CHUNKING`;
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const PLAIN = b64('\0alice@example.test\0alice-secret');
const FAST = { auth_failure_delay: 10 };

async function submission(t: Parameters<typeof smtpFor>[0], tls: 'starttls' | 'implicit' | 'none' = 'starttls', requireTls = true) {
  return smtpFor(t, { tls: await testTlsProvider(), listener: { protocol: 'submission', tls, encryption: requireTls ? 'required' : 'optional' }, settings: FAST });
}

async function secured(client: SmtpTestClient): Promise<void> {
  await client.greetAndEhlo();
  await client.command('STARTTLS');
  await client.startTls();
}

test('advertises STARTTLS but not AUTH on a submission listener before TLS, and AUTH after it', async (t) => {
  const h = await submission(t);
  const client = await h.client();
  assert.equal((await client.greetAndEhlo()).raw, `${EXTENSIONS}\r\n250 STARTTLS\r\n`);
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '538 5.7.11 Encryption required for requested authentication mechanism\r\n');
  assert.equal((await client.command('MAIL FROM:<alice@example.test>')).raw, '530 5.7.0 Must issue a STARTTLS command first\r\n');
  await client.command('STARTTLS');
  await client.startTls();
  assert.equal((await client.command('EHLO client.example')).raw, `${EXTENSIONS}\r\n250 AUTH PLAIN LOGIN\r\n`);
});

test('advertises AUTH at once on an implicit-TLS submission listener', async (t) => {
  const h = await submission(t, 'implicit');
  const client = await h.client();
  assert.equal((await client.greetAndEhlo()).raw, `${EXTENSIONS}\r\n250 AUTH PLAIN LOGIN\r\n`);
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '235 2.7.0 Authentication successful\r\n');
});

test('does not advertise AUTH on a port 25 listener, even with TLS', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'implicit' } });
  const client = await h.client();
  assert.equal((await client.greetAndEhlo()).raw, `${EXTENSIONS.replace('250-CHUNKING', '250 CHUNKING')}\r\n`);
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '502 5.5.1 AUTH not available on this port\r\n');
});

test('refuses MAIL before AUTH on submission with 530 5.7.0', async (t) => {
  const h = await submission(t);
  const client = await h.client();
  await secured(client);
  await client.command('EHLO client.example');
  assert.equal((await client.command('MAIL FROM:<alice@example.test>')).raw, '530 5.7.0 Authentication required\r\n');
  assert.equal(h.delivery.transactions.length, 0);
});

test('authenticates with PLAIN and an initial response, then sends with the identity in the envelope and Received', async (t) => {
  const h = await submission(t);
  const client = await h.client();
  await secured(client);
  await client.command('EHLO client.example');
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '235 2.7.0 Authentication successful\r\n');
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '503 5.5.1 Already authenticated\r\n');
  assert.equal((await client.command('MAIL FROM:<alice@example.test>')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '503 5.5.1 AUTH not permitted during a mail transaction\r\n');
  await client.command('RCPT TO:<bob@remote.example>');
  await client.command('DATA');
  client.send('Subject: hi\r\n\r\nbody\r\n.\r\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok: queued as 1\r\n');
  const tx = h.delivery.messages[0]!;
  assert.equal(tx.envelope.client.authenticatedAs, 'alice@example.test');
  assert.match(tx.body.toString(), /with ESMTPSA id /);
});

test('authenticates with PLAIN after an empty 334 challenge', async (t) => {
  const h = await submission(t, 'implicit');
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('AUTH PLAIN')).raw, '334 \r\n');
  assert.equal((await client.command(PLAIN)).raw, '235 2.7.0 Authentication successful\r\n');
});

test('authenticates with LOGIN, challenge by challenge and with an initial user name', async (t) => {
  const h = await submission(t, 'implicit');
  const first = await h.client();
  await first.greetAndEhlo();
  assert.equal((await first.command('AUTH LOGIN')).raw, `334 ${b64('Username:')}\r\n`);
  assert.equal((await first.command(b64('alice@example.test'))).raw, `334 ${b64('Password:')}\r\n`);
  assert.equal((await first.command(b64('alice-secret'))).raw, '235 2.7.0 Authentication successful\r\n');
  const second = await h.client();
  await second.greetAndEhlo();
  assert.equal((await second.command(`AUTH LOGIN ${b64('alice@example.test')}`)).raw, `334 ${b64('Password:')}\r\n`);
  assert.equal((await second.command(b64('alice-secret'))).raw, '235 2.7.0 Authentication successful\r\n');
});

test('answers a wrong password with 535 5.7.8 after the delay and logs the client address', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { protocol: 'submission', tls: 'implicit' }, settings: { auth_failure_delay: 300 } });
  const client = await h.client();
  await client.greetAndEhlo();
  const started = performance.now();
  assert.equal((await client.command(`AUTH PLAIN ${b64('\0alice@example.test\0wrong')}`)).raw, '535 5.7.8 Authentication credentials invalid\r\n');
  assert.ok(performance.now() - started >= 290, 'the failure waits auth_failure_delay');
  const logged = h.logs.find((line) => line.msg === 'authentication failed');
  assert.deepEqual([logged?.address, logged?.user], ['127.0.0.1', 'alice@example.test']);
  assert.equal((await client.command('MAIL FROM:<alice@example.test>')).raw, '530 5.7.0 Authentication required\r\n');
});

test('answers cancel, bad base64, unknown mechanisms and bad syntax with their 50x replies', async (t) => {
  const h = await submission(t, 'implicit');
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('AUTH LOGIN');
  assert.equal((await client.command('*')).raw, '501 5.7.0 Authentication aborted\r\n');
  assert.equal((await client.command('AUTH PLAIN not*base64')).raw, '501 5.5.2 Cannot decode response\r\n');
  assert.equal((await client.command(`AUTH PLAIN ${b64('no-nul-here')}`)).raw, '501 5.5.2 Malformed PLAIN response\r\n');
  assert.equal((await client.command('AUTH CRAM-MD5')).raw, '504 5.5.4 Unrecognized authentication type\r\n');
  assert.equal((await client.command('AUTH')).raw, '501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n');
  assert.equal((await client.command(`AUTH PLAIN ${b64('bob@example.test\0alice@example.test\0alice-secret')}`)).raw, '535 5.7.8 Authentication credentials invalid\r\n');
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '235 2.7.0 Authentication successful\r\n');
});

test('refuses AUTH before EHLO with 503 5.5.1', async (t) => {
  const h = await submission(t, 'implicit');
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '503 5.5.1 Send HELO/EHLO first\r\n');
});

test('answers an over-long AUTH response line with 500 5.5.6 and stays in step', async (t) => {
  const h = await submission(t, 'implicit');
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('AUTH PLAIN');
  assert.equal((await client.command('A'.repeat(13_000))).raw, '500 5.5.6 Authentication exchange line is too long\r\n');
  assert.equal((await client.command('NOOP')).raw, '250 2.0.0 Ok\r\n');
});

test('offers AUTH before TLS on a submission listener whose TLS is not required', async (t) => {
  const h = await submission(t, 'none', false);
  const client = await h.client();
  assert.equal((await client.greetAndEhlo()).raw, `${EXTENSIONS}\r\n250 AUTH PLAIN LOGIN\r\n`);
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '235 2.7.0 Authentication successful\r\n');
});

test('refuses a sender the delivery path says the user does not own with 553 5.7.1 naming it', async (t) => {
  const h = await submission(t, 'implicit');
  h.delivery.senderRefusals.set('boss@example.test', 'sender-not-owned');
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command(`AUTH PLAIN ${PLAIN}`);
  assert.equal((await client.command('MAIL FROM:<boss@example.test>')).raw, '553 5.7.1 <boss@example.test>: Sender address rejected: not owned by user\r\n');
  assert.equal((await client.command('RCPT TO:<x@remote.example>')).raw, '503 5.5.1 Need MAIL command\r\n');
  assert.equal(h.delivery.transactions[0]!.outcome, 'aborted');
});

test('closes the connection with 421 after max_errors failed AUTH attempts', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { protocol: 'submission', tls: 'implicit' }, settings: { auth_failure_delay: 10, max_errors: 3 } });
  const client = await h.client();
  await client.greetAndEhlo();
  const wrong = `AUTH PLAIN ${b64('\0alice@example.test\0guess')}`;
  assert.equal((await client.command(wrong)).raw, '535 5.7.8 Authentication credentials invalid\r\n');
  assert.equal((await client.command(wrong)).raw, '535 5.7.8 Authentication credentials invalid\r\n');
  assert.equal((await client.command(wrong)).raw, '535 5.7.8 Authentication credentials invalid\r\n');
  assert.equal((await client.reply()).raw, '421 4.7.0 Too many errors\r\n');
  await client.expectClose();
});
