import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smtpFor } from './fixture.ts';

test('closes with 421 4.7.0 after max_errors protocol errors', async (t) => {
  const h = await smtpFor(t, { settings: { max_errors: 3 } });
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('BOGUS')).raw, '500 5.5.2 Command unrecognized\r\n');
  assert.equal((await client.command('RCPT TO:<u@example.test>')).raw, '503 5.5.1 Need MAIL command\r\n');
  client.send('EHLO\r\n');
  assert.deepEqual((await client.replies(2)).map((r) => r.raw), ['501 5.5.4 Syntax: EHLO hostname\r\n', '421 4.7.0 Too many errors\r\n']);
  await client.expectClose();
});

test('does not count refused recipients as protocol errors', async (t) => {
  const h = await smtpFor(t, { settings: { max_errors: 2 } });
  h.delivery.refuse('nobody@example.test', 'unknown-recipient');
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('MAIL FROM:<a@sender.example>');
  for (let i = 0; i < 3; i++) assert.equal((await client.command('RCPT TO:<nobody@example.test>')).raw, '550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown\r\n');
  assert.equal((await client.command('NOOP')).raw, '250 2.0.0 Ok\r\n');
});

test('closes with 421 4.7.0 after max_commands commands', async (t) => {
  const h = await smtpFor(t, { settings: { max_commands: 3 } });
  const client = await h.client();
  await client.reply();
  client.send('NOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n');
  assert.deepEqual((await client.replies(4)).map((r) => r.raw), ['250 2.0.0 Ok\r\n', '250 2.0.0 Ok\r\n', '250 2.0.0 Ok\r\n', '421 4.7.0 Too many commands\r\n']);
  await client.expectClose();
});

test('answers a command line over max_line_length with 500 5.5.6 once and stays in step', async (t) => {
  const h = await smtpFor(t, { settings: { max_line_length: 64 } });
  const client = await h.client();
  await client.reply();
  client.send(`NOOP ${'x'.repeat(200)}`);
  client.send(`${'y'.repeat(5000)}\r\nNOOP\r\n`);
  assert.deepEqual((await client.replies(2)).map((r) => r.raw), ['500 5.5.6 Line too long\r\n', '250 2.0.0 Ok\r\n']);
  client.send(`NOOP ${'z'.repeat(57)}\r\n`);
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok\r\n');
  client.send(`NOOP ${'z'.repeat(58)}\r\n`);
  assert.equal((await client.reply()).raw, '500 5.5.6 Line too long\r\n');
});

test('answers an HTTP request with 221 2.7.0 and closes', async (t) => {
  const h = await smtpFor(t);
  for (const request of ['GET / HTTP/1.1', 'POST /form HTTP/1.1', 'CONNECT mx.example.test:25 HTTP/1.1']) {
    const client = await h.client();
    await client.reply();
    client.send(`${request}\r\nHost: mx.example.test\r\n\r\n`);
    assert.equal((await client.reply()).raw, '221 2.7.0 Error: protocol violation\r\n');
    await client.expectClose();
  }
});

test('refuses connections over max_connections with 421 4.7.0', async (t) => {
  const h = await smtpFor(t, { settings: { max_connections: 2 } });
  const first = await h.client();
  const second = await h.client();
  await first.reply();
  await second.reply();
  const third = await h.client();
  assert.equal((await third.reply()).raw, '421 4.7.0 Too many connections\r\n');
  await third.expectClose();
  assert.equal(h.server.connections, 2);
  await first.command('QUIT');
  await first.expectClose();
  await waitFor(() => h.server.connections === 1);
  const fourth = await h.client();
  assert.equal((await fourth.reply()).code, 220);
});

test('refuses connections over max_connections_per_ip with 421 4.7.0', async (t) => {
  const h = await smtpFor(t, { settings: { max_connections_per_ip: 1 } });
  const first = await h.client();
  await first.reply();
  const second = await h.client();
  assert.equal((await second.reply()).raw, '421 4.7.0 Too many connections\r\n');
  await second.expectClose();
  assert.equal((await first.command('NOOP')).raw, '250 2.0.0 Ok\r\n');
});

/** Polls a condition that no event announces (the server's count drops after its socket closes). */
async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
