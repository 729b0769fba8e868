import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTransaction, smtpFor } from './fixture.ts';

/** The message bytes delivery got, after our Received header. */
function bodyAfterReceived(body: Buffer): Buffer {
  const end = body.indexOf('+0000\r\n') + '+0000\r\n'.length;
  return body.subarray(end);
}

test('accepts a message in several BDAT chunks, replying per chunk, and commits on LAST', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  client.send('BDAT 14\r\nSubject: x\r\n\r\nBDAT 7 LAST\r\n.hello\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 14 octets received\r\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok: queued as 1\r\n');
  const tx = h.delivery.messages[0]!;
  assert.match(tx.body.toString(), /^Received: from client\.example/);
  assert.equal(bodyAfterReceived(tx.body).toString(), 'Subject: x\r\n\r\n.hello\r\n');
});

test('carries binary octets through BDAT untouched except for line endings', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  const payload = Buffer.from([0x00, 0xff, 0x2e, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a, 0x80, 0x0d]);
  client.send(Buffer.concat([Buffer.from(`BDAT ${payload.length} LAST\r\n`), payload]));
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok: queued as 1\r\n');
  assert.deepEqual(bodyAfterReceived(h.delivery.messages[0]!.body), Buffer.from([0x00, 0xff, 0x2e, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a, 0x80, 0x0d, 0x0a]));
});

test('keeps a CR that ends one chunk pending until the next chunk', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  client.send('BDAT 2\r\na\rBDAT 2 LAST\r\n\nb');
  await client.replies(2);
  assert.equal(bodyAfterReceived(h.delivery.messages[0]!.body).toString(), 'a\r\nb');
});

test('accepts a zero-length BDAT LAST', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  client.send('BDAT 3\r\nab\nBDAT 0 LAST\r\n');
  assert.deepEqual((await client.replies(2)).map((r) => r.raw), ['250 2.0.0 3 octets received\r\n', '250 2.0.0 Ok: queued as 1\r\n']);
  assert.equal(bodyAfterReceived(h.delivery.messages[0]!.body).toString(), 'ab\r\n');
});

test('consumes the octets of a BDAT without MAIL, then answers 503 5.5.1', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  client.send('BDAT 10 LAST\r\nNOOP\r\nNOOPNOOP\r\n');
  assert.equal((await client.reply()).raw, '503 5.5.1 Need MAIL command\r\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok\r\n');
});

test('consumes the octets of a BDAT when every RCPT was refused, then answers 554 5.5.1', async (t) => {
  const h = await smtpFor(t);
  h.delivery.refuse('nobody@example.test', 'unknown-recipient');
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['nobody@example.test']);
  client.send('BDAT 4\r\nNOOPBDAT 4 LAST\r\nNOOPNOOP\r\n');
  assert.deepEqual((await client.replies(3)).map((r) => r.raw), [
    '554 5.5.1 No valid recipients\r\n',
    '554 5.5.1 No valid recipients\r\n',
    '250 2.0.0 Ok\r\n',
  ]);
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
});

test('refuses DATA after BDAT in the same transaction with 503 5.5.1', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  client.send('BDAT 3\r\nabc');
  await client.reply();
  assert.equal((await client.command('DATA')).raw, '503 5.5.1 Bad sequence of commands\r\n');
});

test('refuses a malformed BDAT with 501 5.5.4', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  assert.equal((await client.command('BDAT')).raw, '501 5.5.4 Syntax: BDAT size [LAST]\r\n');
  assert.equal((await client.command('BDAT -1')).raw, '501 5.5.4 Syntax: BDAT size [LAST]\r\n');
  assert.equal((await client.command('BDAT 1 FIRST')).raw, '501 5.5.4 Syntax: BDAT size [LAST]\r\n');
});

test('answers 552 5.3.4 to the chunk that overflows and to every later chunk, consuming them all', async (t) => {
  const h = await smtpFor(t, { settings: { max_message_size: 10 } });
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  client.send('BDAT 8\r\n12345678BDAT 8\r\n12345678BDAT 8\r\n12345678BDAT 2 LAST\r\n12NOOP\r\n');
  assert.deepEqual((await client.replies(5)).map((r) => r.raw), [
    '250 2.0.0 8 octets received\r\n',
    '552 5.3.4 Message too big\r\n',
    '552 5.3.4 Message too big\r\n',
    '552 5.3.4 Message too big\r\n',
    '250 2.0.0 Ok\r\n',
  ]);
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '250 2.1.0 Ok\r\n');
});

test('answers a refused commit after BDAT LAST with the reply of its verdict', async (t) => {
  const h = await smtpFor(t);
  h.delivery.commitPlan = { kind: 'reject', reject: 'message-too-large' };
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  client.send('BDAT 3 LAST\r\nabc');
  assert.equal((await client.reply()).raw, '552 5.3.4 Message too big\r\n');
});

test('aborts on RSET between chunks', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  client.send('BDAT 3\r\nabc');
  await client.reply();
  assert.equal((await client.command('RSET')).raw, '250 2.0.0 Ok\r\n');
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
});
