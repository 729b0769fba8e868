import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTransaction, smtpFor } from './fixture.ts';

const RECEIVED = (id: string): string =>
  'Received: from client.example ([127.0.0.1]) by mx.example.test (Mailstead)\r\n' +
  `\twith ESMTP id ${id} for <user@example.test>;\r\n` +
  '\tTue, 2 Jan 2024 10:00:00 +0000\r\n';

test('accepts a message with DATA and hands delivery the Received header and the unstuffed bytes', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  assert.equal((await client.command('DATA')).raw, '354 End data with <CR><LF>.<CR><LF>\r\n');
  client.send('Subject: test\r\n\r\n..starts with a dot\r\nend\r\n.\r\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok: queued as 1\r\n');
  const tx = h.delivery.messages[0]!;
  const sessionId = tx.envelope.client.sessionId;
  assert.equal(tx.body.toString(), `${RECEIVED(`${sessionId}-1`)}Subject: test\r\n\r\n.starts with a dot\r\nend\r\n`);
});

test('numbers the transactions of a session in the Received id', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('one\r\n.\r\n');
  await client.reply();
  await client.command('MAIL FROM:<a@sender.example>');
  await client.command('RCPT TO:<user@example.test>');
  await client.command('DATA');
  client.send('two\r\n.\r\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok: queued as 2\r\n');
  const sessionId = h.delivery.messages[0]!.envelope.client.sessionId;
  assert.ok(h.delivery.messages[1]!.body.toString().includes(`id ${sessionId}-2 for`));
});

test('writes the Received header without for when there are several recipients', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['a@example.test', 'b@example.test']);
  await client.command('DATA');
  client.send('x\r\n.\r\n');
  await client.reply();
  const header = h.delivery.messages[0]!.body.toString().split('\r\n\t').join(' ');
  assert.match(header, /^Received: from client\.example \(\[127\.0\.0\.1\]\) by mx\.example\.test \(Mailstead\) with ESMTP id \S+; Tue, 2 Jan 2024 10:00:00 \+0000\r\nx\r\n$/);
});

test('writes UTF8SMTP in Received when MAIL had SMTPUTF8', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('MAIL FROM:<a@sender.example> SMTPUTF8');
  await client.command('RCPT TO:<user@example.test>');
  await client.command('DATA');
  client.send('x\r\n.\r\n');
  await client.reply();
  assert.match(h.delivery.messages[0]!.body.toString(), /with UTF8SMTP id/);
});

test('normalises bare LF and bare CR in the message to CRLF', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('a: b\nc: d\r\n\nline\rnext\r\n.\r\n');
  assert.equal((await client.reply()).code, 250);
  assert.ok(h.delivery.messages[0]!.body.toString().endsWith('+0000\r\na: b\r\nc: d\r\n\r\nline\r\nnext\r\n'));
});

test('does not end the data at <LF>.<LF>, so a smuggled second message stays inside the first', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('Subject: first\r\n\r\nbody\n.\nMAIL FROM:<evil@attacker.example>\r\nRCPT TO:<user@example.test>\r\nDATA\r\nSubject: smuggled\r\n\r\n.\r\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok: queued as 1\r\n');
  assert.equal((await client.command('NOOP')).raw, '250 2.0.0 Ok\r\n');
  assert.equal(h.delivery.transactions.length, 1);
  assert.ok(
    h.delivery.messages[0]!.body.toString().endsWith(
      'body\r\n.\r\nMAIL FROM:<evil@attacker.example>\r\nRCPT TO:<user@example.test>\r\nDATA\r\nSubject: smuggled\r\n\r\n',
    ),
  );
});

test('refuses DATA without MAIL with 503 5.5.1', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('DATA')).raw, '503 5.5.1 Need MAIL command\r\n');
});

test('refuses DATA without any RCPT with 503 5.5.1', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  assert.equal((await client.command('DATA')).raw, '503 5.5.1 Need RCPT command\r\n');
});

test('refuses DATA when every RCPT was refused with 554 5.5.1', async (t) => {
  const h = await smtpFor(t);
  h.delivery.refuse('nobody@example.test', 'unknown-recipient');
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['nobody@example.test']);
  assert.equal((await client.command('DATA')).raw, '554 5.5.1 No valid recipients\r\n');
});

test('refuses DATA with an argument with 501 5.5.4', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  assert.equal((await client.command('DATA now')).raw, '501 5.5.4 No parameters allowed\r\n');
});

test('reads a message over max_message_size to its end, answers 552 5.3.4 and aborts', async (t) => {
  const h = await smtpFor(t, { settings: { max_message_size: 100 } });
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send(`${'x'.repeat(60)}\r\n${'y'.repeat(60)}\r\n.\r\nNOOP\r\n`);
  assert.equal((await client.reply()).raw, '552 5.3.4 Message too big\r\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok\r\n');
  const tx = await h.delivery.transaction(0);
  assert.equal(await tx.settled(), 'aborted');
  assert.ok(tx.body.length < 300);
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '250 2.1.0 Ok\r\n');
});

test('accepts a message of exactly max_message_size octets', async (t) => {
  const h = await smtpFor(t, { settings: { max_message_size: 100 } });
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send(`${'x'.repeat(98)}\r\n.\r\n`);
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok: queued as 1\r\n');
});

test('answers a refused commit with the reply of its verdict', async (t) => {
  const h = await smtpFor(t);
  h.delivery.commitPlan = { kind: 'reject', reject: 'too-many-hops' };
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('x\r\n.\r\n');
  assert.equal((await client.reply()).raw, '554 5.4.6 Too many hops\r\n');
  h.delivery.commitPlan = { kind: 'reject', reject: 'header-too-large' };
  await client.command('MAIL FROM:<a@sender.example>');
  await client.command('RCPT TO:<user@example.test>');
  await client.command('DATA');
  client.send('x\r\n.\r\n');
  assert.equal((await client.reply()).raw, '552 5.3.4 Header too large\r\n');
});

test('answers 451 4.3.0 when the commit throws, aborts, logs the stack and keeps the session', async (t) => {
  const h = await smtpFor(t);
  h.delivery.commitPlan = { kind: 'throw' };
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('x\r\n.\r\n');
  const reply = await client.reply();
  assert.equal(reply.raw, '451 4.3.0 Temporary failure, try again later\r\n');
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
  const logged = h.logs.find((line) => line.msg === 'command failed') as { err?: { stack?: string } } | undefined;
  assert.match(logged?.err?.stack ?? '', /fake commit failure/);
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '250 2.1.0 Ok\r\n');
});

test('reads the rest of the data after a failed body write, then answers 451 4.3.0', async (t) => {
  const h = await smtpFor(t);
  h.delivery.failWrites = true;
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('x\r\n.\r\nNOOP\r\n');
  assert.equal((await client.reply()).raw, '451 4.3.0 Temporary failure, try again later\r\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok\r\n');
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
});

test('logs one line per transaction with sender, recipients, size, outcome and message id, never the body', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('Subject: secret words\r\n\r\nsecret body\r\n.\r\n');
  await client.reply();
  const lines = h.logs.filter((line) => line.msg === 'transaction');
  assert.equal(lines.length, 1);
  const { sender, recipients, size, outcome, messageId } = lines[0]!;
  assert.deepEqual({ sender, recipients, size, outcome, messageId }, {
    sender: 'a@sender.example',
    recipients: ['user@example.test'],
    size: 38,
    outcome: 'queued',
    messageId: 1,
  });
  assert.ok(!JSON.stringify(h.logs).includes('secret'));
});
