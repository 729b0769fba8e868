// The DSN extension (RFC 3461) on RCPT: NOTIFY (§4.1) and ORCPT (§4.2, rfc822 xtext and RFC 6533 utf-8
// forms decoded) handed to delivery with each recipient, every malformed value refused with 501 5.5.4,
// any other parameter with 555 5.5.4, and all of it in order when pipelined (RFC 2920).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTransaction, smtpFor } from './fixture.ts';

const BAD_NOTIFY = '501 5.5.4 Bad NOTIFY parameter syntax\r\n';
const BAD_ORCPT = '501 5.5.4 Bad ORCPT parameter syntax\r\n';
const PARAMETER_SYNTAX = '501 5.5.4 Syntax error in parameters\r\n';
const OK = '250 2.1.5 Ok\r\n';

test('hands NOTIFY and ORCPT to delivery with each recipient, null for a recipient without them', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  assert.equal((await client.command('RCPT TO:<ann@example.test> NOTIFY=success,Failure ORCPT=RFC822;Ann+2Blists@Example.TEST')).raw, OK);
  assert.equal((await client.command('RCPT TO:<bob@example.test>')).raw, OK);
  assert.equal((await client.command('RCPT TO:<cid@example.test> NOTIFY=NEVER')).raw, OK);
  assert.equal((await client.command('RCPT TO:<dan@example.test> ORCPT=rfc822;team@example.test')).raw, OK);
  assert.equal((await client.command('RCPT TO:<Postmaster> NOTIFY=DELAY')).raw, OK);
  const tx = await h.delivery.transaction(0);
  assert.deepEqual(tx.recipients, ['ann@example.test', 'bob@example.test', 'cid@example.test', 'dan@example.test', 'postmaster']);
  assert.deepEqual(tx.recipientDsn, [
    { notify: ['SUCCESS', 'FAILURE'], orcpt: { type: 'rfc822', address: 'Ann+lists@Example.TEST' } },
    null,
    { notify: ['NEVER'], orcpt: null },
    { notify: null, orcpt: { type: 'rfc822', address: 'team@example.test' } },
    { notify: ['DELAY'], orcpt: null },
  ]);
});

test('decodes an ORCPT of type utf-8 written with \\x{HEX} escapes, without SMTPUTF8', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  assert.equal((await client.command('RCPT TO:<joerg@example.test> ORCPT=utf-8;j\\x{F6}rg@b\\x{FC}cher.example')).raw, OK);
  assert.equal((await client.command('RCPT TO:<yong@example.test> ORCPT=UTF-8;\\x{7528}\\x{6237}@example.test NOTIFY=FAILURE')).raw, OK);
  assert.deepEqual((await h.delivery.transaction(0)).recipientDsn, [
    { notify: null, orcpt: { type: 'utf-8', address: 'jörg@bücher.example' } },
    { notify: ['FAILURE'], orcpt: { type: 'utf-8', address: '用户@example.test' } },
  ]);
});

test('takes a utf-8 ORCPT with UTF-8 as it is only when MAIL had SMTPUTF8, else 553 5.6.7', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  assert.equal((await client.command('RCPT TO:<joerg@example.test> ORCPT=utf-8;jörg@bücher.example')).raw, '553 5.6.7 Non-ASCII addresses require SMTPUTF8\r\n');
  await client.command('RSET');
  assert.equal((await client.command('MAIL FROM:<a@sender.example> SMTPUTF8')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await client.command('RCPT TO:<jörg@example.test> ORCPT=utf-8;jörg@bücher.example')).raw, OK);
  assert.deepEqual((await h.delivery.transaction(0)).recipients, []);
  assert.deepEqual((await h.delivery.transaction(1)).recipientDsn, [{ notify: null, orcpt: { type: 'utf-8', address: 'jörg@bücher.example' } }]);
});

test('refuses a malformed NOTIFY with 501 5.5.4', async (t) => {
  const h = await smtpFor(t, { settings: { max_errors: 50 } });
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  const cases: Array<[string, string]> = [
    ['NOTIFY=NEVER,SUCCESS', BAD_NOTIFY],
    ['NOTIFY=FAILURE,NEVER', BAD_NOTIFY],
    ['NOTIFY=FOO', BAD_NOTIFY],
    ['NOTIFY=SUCCESS,SUCCESS', BAD_NOTIFY],
    ['NOTIFY=SUCCESS,', BAD_NOTIFY],
    ['NOTIFY=SUCCESS,,DELAY', BAD_NOTIFY],
    ['NOTIFY', BAD_NOTIFY],
    ['NOTIFY=', PARAMETER_SYNTAX],
    ['NOTIFY=NEVER NOTIFY=NEVER', PARAMETER_SYNTAX],
    ['NOTIFY=SUCCESS notify=DELAY', PARAMETER_SYNTAX],
  ];
  for (const [params, reply] of cases) assert.equal((await client.command(`RCPT TO:<ann@example.test> ${params}`)).raw, reply, params);
  assert.deepEqual((await h.delivery.transaction(0)).recipients, []);
});

test('refuses a malformed ORCPT with 501 5.5.4', async (t) => {
  const h = await smtpFor(t, { settings: { max_errors: 50 } });
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  const cases: Array<[string, string]> = [
    ['ORCPT=ann@example.test', BAD_ORCPT],
    ['ORCPT=rfc822:ann@example.test', BAD_ORCPT],
    ['ORCPT=rfc822;', BAD_ORCPT],
    ['ORCPT=;ann@example.test', BAD_ORCPT],
    ['ORCPT=rfc822;+ZZann@example.test', BAD_ORCPT],
    ['ORCPT=rfc822;ann@example.test+', BAD_ORCPT],
    ['ORCPT=rfc822;ann+0D+0A@example.test', BAD_ORCPT],
    ['ORCPT=rfc822;j+C3+B6rg@example.test', BAD_ORCPT],
    ['ORCPT=utf-8;j\\x{f6rg@example.test', BAD_ORCPT],
    ['ORCPT=utf-8;a+2Bb@example.test', BAD_ORCPT],
    ['ORCPT=utf-8;\\x{41}@example.test', BAD_ORCPT],
    ['ORCPT', BAD_ORCPT],
    ['ORCPT=', PARAMETER_SYNTAX],
    ['ORCPT=rfc822;a@example.test ORCPT=rfc822;b@example.test', PARAMETER_SYNTAX],
  ];
  for (const [params, reply] of cases) assert.equal((await client.command(`RCPT TO:<ann@example.test> ${params}`)).raw, reply, params);
  assert.deepEqual((await h.delivery.transaction(0)).recipients, []);
});

test('refuses any other RCPT parameter with 555 5.5.4, also beside NOTIFY', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  assert.equal((await client.command('RCPT TO:<ann@example.test> NOTIFY=SUCCESS RET=FULL')).raw, '555 5.5.4 Unsupported parameter\r\n');
  assert.equal((await client.command('RCPT TO:<ann@example.test> ENVID=x')).raw, '555 5.5.4 Unsupported parameter\r\n');
  assert.deepEqual((await h.delivery.transaction(0)).recipients, []);
});

test('keeps the first RCPT\'s parameters when a recipient is given twice', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  assert.equal((await client.command('RCPT TO:<ann@example.test> NOTIFY=SUCCESS')).raw, OK);
  assert.equal((await client.command('RCPT TO:<Ann@Example.test> NOTIFY=NEVER')).raw, OK);
  const tx = await h.delivery.transaction(0);
  assert.deepEqual(tx.recipients, ['ann@example.test']);
  assert.deepEqual(tx.recipientDsn, [{ notify: ['SUCCESS'], orcpt: null }]);
});

test('answers DSN parameters pipelined with the whole transaction in order and commits them', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  client.send(
    'EHLO client.example\r\n' +
      'MAIL FROM:<a@sender.example> RET=HDRS ENVID=QQ+2B1\r\n' +
      'RCPT TO:<one@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;one@example.test\r\n' +
      'RCPT TO:<two@example.test> NOTIFY=NEVER,SUCCESS\r\n' +
      'RCPT TO:<three@example.test> ORCPT=rfc822\r\n' +
      'RCPT TO:<four@example.test> NOTIFY=never\r\n' +
      'DATA\r\n',
  );
  const replies = await client.replies(7);
  assert.ok(replies[0]!.lines.includes('DSN'));
  assert.deepEqual(replies.slice(1).map((r) => r.raw), [
    '250 2.1.0 Ok\r\n',
    OK,
    BAD_NOTIFY,
    BAD_ORCPT,
    OK,
    '354 End data with <CR><LF>.<CR><LF>\r\n',
  ]);
  client.send('Subject: dsn\r\n\r\nbody\r\n.\r\nQUIT\r\n');
  assert.deepEqual((await client.replies(2)).map((r) => r.raw), ['250 2.0.0 Ok: queued as 1\r\n', '221 2.0.0 Bye\r\n']);
  await client.expectClose();
  const message = h.delivery.messages[0]!;
  assert.deepEqual(message.envelope.dsn, { ret: 'HDRS', envid: 'QQ+1' });
  assert.deepEqual(message.recipients, ['one@example.test', 'four@example.test']);
  assert.deepEqual(message.recipientDsn, [
    { notify: ['SUCCESS', 'FAILURE'], orcpt: { type: 'rfc822', address: 'one@example.test' } },
    { notify: ['NEVER'], orcpt: null },
  ]);
});
