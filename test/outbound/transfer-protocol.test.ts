import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testCertificate } from '../helpers/fake-mx.ts';
import { destination, message, MX_HOST, transferFor } from './transfer-fixture.ts';
import { rawServer, standardReply } from './transfer-raw-server.ts';

const GREETING = '220 mx.raw.test ESMTP\r\n';

test('splits the recipients into transactions of the size LIMITS RCPTMAX allows (RFC 9422)', async (t) => {
  const server = await rawServer(t, {
    greeting: GREETING,
    reply: (command) => (command.startsWith('EHLO') ? '250-mx.raw.test\r\n250-PIPELINING\r\n250 LIMITS RCPTMAX=2 MAILMAX=100\r\n' : standardReply(command)),
  });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(server.port), message(['a@r.test', 'b@r.test', 'c@r.test', 'd@r.test', 'e@r.test']));
  assert.ok(result.recipients.every((r) => r.outcome === 'delivered'));
  const commands = server.sessions[0]!.commands.filter((c) => /^(MAIL|RCPT|\.)/.test(c));
  assert.deepEqual(commands, [
    'MAIL FROM:<sender@local.test>',
    'RCPT TO:<a@r.test>',
    'RCPT TO:<b@r.test>',
    '.',
    'MAIL FROM:<sender@local.test>',
    'RCPT TO:<c@r.test>',
    'RCPT TO:<d@r.test>',
    '.',
    'MAIL FROM:<sender@local.test>',
    'RCPT TO:<e@r.test>',
    '.',
  ]);
});

test('falls back to HELO when EHLO is refused and then uses no extension', async (t) => {
  const server = await rawServer(t, {
    greeting: GREETING,
    reply: (command) => (command.startsWith('EHLO') ? '502 5.5.2 Command not recognized\r\n' : command.startsWith('HELO') ? '250 mx.raw.test\r\n' : standardReply(command)),
  });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(server.port), message(['a@r.test'], { size: 100, eightBit: true }));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.deepEqual(server.sessions[0]!.commands.slice(0, 4), ['EHLO mailstead.test', 'HELO mailstead.test', 'MAIL FROM:<sender@local.test>', 'RCPT TO:<a@r.test>']);
});

test('keeps every line of a multi-line reply', async (t) => {
  const server = await rawServer(t, {
    greeting: GREETING,
    reply: (command) =>
      command.startsWith('RCPT')
        ? '550-5.7.1 Service unavailable; client blocked using zen.example\r\n550 5.7.1 See https://example.test/lookup\r\n'
        : command.startsWith('EHLO')
          ? '250 mx.raw.test\r\n'
          : standardReply(command),
  });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(server.port), message(['a@r.test']));
  const [recipient] = result.recipients;
  assert.equal(recipient!.outcome, 'permanent');
  assert.equal(recipient!.reply!.text, 'Service unavailable; client blocked using zen.example\nSee https://example.test/lookup');
  assert.match(recipient!.detail, /said: 550 5\.7\.1 Service unavailable; client blocked using zen\.example See https:\/\/example\.test\/lookup \(in reply to RCPT TO command\)$/);
});

test('drops replies injected after the 220 to STARTTLS (RFC 3207 §6) and asks EHLO again over TLS', async (t) => {
  const tls = await testCertificate(MX_HOST);
  let ehlos = 0;
  const server = await rawServer(t, {
    greeting: GREETING,
    tls,
    reply: (command) => {
      if (command.startsWith('EHLO')) return ++ehlos === 1 ? '250-mx.raw.test\r\n250 STARTTLS\r\n' : '250-mx.raw.test\r\n250 8BITMIME\r\n';
      if (command === 'STARTTLS') return { text: '220 2.0.0 go ahead\r\n250 injected before the handshake\r\n', startTls: true };
      return standardReply(command);
    },
  });
  const harness = transferFor(t);
  const result = await harness.transfer.deliver(destination(server.port), message(['a@r.test'], { eightBit: true }));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.tls!.tls, true);
  assert.ok(server.sessions[0]!.commands.includes('MAIL FROM:<sender@local.test> BODY=8BITMIME'), 'the extensions are those of the EHLO over TLS');
  assert.ok(harness.logs.some((line) => line.msg === 'discarded data the server sent before the TLS handshake'));
});

test('a 421 to a pipelined MAIL FROM defers every recipient with that reply', async (t) => {
  const server = await rawServer(t, {
    greeting: GREETING,
    reply: (command) => (command.startsWith('EHLO') ? '250-mx.raw.test\r\n250 PIPELINING\r\n' : command.startsWith('MAIL') ? '421 4.7.0 Try again later, closing connection\r\n' : standardReply(command)),
  });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(server.port), message(['a@r.test', 'b@r.test']));
  for (const recipient of result.recipients) {
    assert.equal(recipient.outcome, 'temporary');
    assert.equal(recipient.status, '4.7.0');
    assert.equal(recipient.reply!.step, 'MAIL FROM');
  }
});

test('treats a reply outside 2xx/4xx/5xx where a final answer is due as temporary', async (t) => {
  const server = await rawServer(t, {
    greeting: GREETING,
    reply: (command) => (command.startsWith('EHLO') ? '250 mx.raw.test\r\n' : command.startsWith('RCPT') ? '354 what?\r\n' : standardReply(command)),
  });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(server.port), message(['a@r.test']));
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.0.0');
});
