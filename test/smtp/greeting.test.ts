import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOSTNAME, smtpFor } from './fixture.ts';

test('greets with 220 and the hostname', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  assert.equal((await client.reply()).raw, `220 ${HOSTNAME} ESMTP Mailstead\r\n`);
});

test('answers EHLO with the hostname and the extensions, without STARTTLS when TLS is not configured', async (t) => {
  const h = await smtpFor(t, { settings: { max_message_size: 1000 } });
  const client = await h.client();
  const reply = await client.greetAndEhlo();
  assert.equal(
    reply.raw,
    `250-${HOSTNAME}\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250 CHUNKING\r\n`,
  );
});

test('answers HELO with 250 and the hostname only', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('HELO client.example')).raw, `250 ${HOSTNAME}\r\n`);
});

test('refuses EHLO and HELO without a domain with 501 5.5.4', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('EHLO')).raw, '501 5.5.4 Syntax: EHLO hostname\r\n');
  assert.equal((await client.command('HELO ')).raw, '501 5.5.4 Syntax: HELO hostname\r\n');
});

test('resets the transaction on a new EHLO', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '250 2.1.0 Ok\r\n');
  await client.command('EHLO again.example');
  const tx = await h.delivery.transaction(0);
  assert.equal(await tx.settled(), 'aborted');
  assert.equal((await client.command('RCPT TO:<u@example.test>')).raw, '503 5.5.1 Need MAIL command\r\n');
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '250 2.1.0 Ok\r\n');
});

test('refuses MAIL before HELO/EHLO with 503 5.5.1', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '503 5.5.1 Send HELO/EHLO first\r\n');
});

test('logs one line when a connection opens and one when it closes', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  await client.command('QUIT');
  await client.expectClose();
  await h.close();
  const lines = h.logs.filter((line) => line.msg === 'connect' || line.msg === 'disconnect');
  assert.deepEqual(lines.map((line) => [line.msg, typeof line.sessionId]), [
    ['connect', 'string'],
    ['disconnect', 'string'],
  ]);
  assert.equal(lines[1]!.reason, 'quit');
  assert.equal(lines[0]!.address, '127.0.0.1');
});
