import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOSTNAME, smtpFor } from './fixture.ts';

test('answers EHLO, MAIL, two RCPT and DATA sent in one write, in order', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  client.send('EHLO client.example\r\nMAIL FROM:<a@sender.example>\r\nRCPT TO:<one@example.test>\r\nRCPT TO:<two@example.test>\r\nDATA\r\n');
  const replies = await client.replies(5);
  assert.equal(replies[0]!.lines[0], HOSTNAME);
  assert.deepEqual(replies.slice(1).map((r) => r.raw), [
    '250 2.1.0 Ok\r\n',
    '250 2.1.5 Ok\r\n',
    '250 2.1.5 Ok\r\n',
    '354 End data with <CR><LF>.<CR><LF>\r\n',
  ]);
  client.send('Subject: pipelined\r\n\r\nbody\r\n.\r\nQUIT\r\n');
  assert.deepEqual((await client.replies(2)).map((r) => r.raw), ['250 2.0.0 Ok: queued as 1\r\n', '221 2.0.0 Bye\r\n']);
  await client.expectClose();
  assert.deepEqual(h.delivery.messages[0]!.recipients, ['one@example.test', 'two@example.test']);
});

test('loses nothing when a client writes a whole session, message included, at once', async (t) => {
  const h = await smtpFor(t);
  h.delivery.refuse('bad@example.test', 'unknown-recipient');
  const client = await h.client();
  client.send(
    'EHLO client.example\r\nMAIL FROM:<a@sender.example>\r\nRCPT TO:<bad@example.test>\r\nRCPT TO:<u@example.test>\r\nDATA\r\n' +
      'first\r\n.\r\nMAIL FROM:<b@sender.example>\r\nRCPT TO:<u@example.test>\r\nBDAT 7 LAST\r\nsecond\nRSET\r\nQUIT\r\n',
  );
  const replies = await client.replies(12);
  assert.deepEqual(replies.slice(2).map((r) => r.raw), [
    '250 2.1.0 Ok\r\n',
    '550 5.1.1 <bad@example.test>: Recipient address rejected: User unknown\r\n',
    '250 2.1.5 Ok\r\n',
    '354 End data with <CR><LF>.<CR><LF>\r\n',
    '250 2.0.0 Ok: queued as 1\r\n',
    '250 2.1.0 Ok\r\n',
    '250 2.1.5 Ok\r\n',
    '250 2.0.0 Ok: queued as 2\r\n',
    '250 2.0.0 Ok\r\n',
    '221 2.0.0 Bye\r\n',
  ]);
  assert.deepEqual(
    h.delivery.messages.map((m) => m.body.toString().split('+0000\r\n')[1]),
    ['first\r\n', 'second\r\n'],
  );
});

test('answers a client that talks before the greeting, in order', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  client.send('EHLO early.example\r\nNOOP\r\n');
  const [greeting, ehlo, noop] = await client.replies(3);
  assert.equal(greeting!.code, 220);
  assert.equal(ehlo!.code, 250);
  assert.equal(noop!.raw, '250 2.0.0 Ok\r\n');
});
