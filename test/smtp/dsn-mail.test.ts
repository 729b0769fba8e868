// The DSN extension (RFC 3461) on MAIL: advertised in EHLO on every listener, RET (§4.3) and ENVID
// (§4.4, xtext decoded) carried in the envelope, and every malformed value refused with 501 5.5.4.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smtpFor } from './fixture.ts';

const BAD_RET = '501 5.5.4 Bad RET parameter syntax\r\n';
const BAD_ENVID = '501 5.5.4 Bad ENVID parameter syntax\r\n';
const PARAMETER_SYNTAX = '501 5.5.4 Syntax error in parameters\r\n';
const PLAIN = Buffer.from('\0alice@example.test\0alice-secret', 'utf8').toString('base64');

test('lists DSN in EHLO on port 25 and on submission listeners', async (t) => {
  const mx = await smtpFor(t);
  const submission = await smtpFor(t, { listener: { protocol: 'submission', tls: 'none', encryption: 'optional' } });
  for (const h of [mx, submission]) {
    const client = await h.client();
    const ehlo = await client.greetAndEhlo();
    assert.equal(ehlo.code, 250);
    assert.ok(ehlo.lines.includes('DSN'), ehlo.raw);
  }
});

test('carries RET and ENVID, xtext decoded, in the envelope', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<a@sender.example> RET=hdrs ENVID=QQ+2B314159+3Dx SIZE=10')).raw, '250 2.1.0 Ok\r\n');
  assert.deepEqual((await h.delivery.transaction(0)).envelope.dsn, { ret: 'HDRS', envid: 'QQ+314159=x' });
});

test('carries RET or ENVID alone, the other null', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<a@sender.example> RET=FULL')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await client.command('RSET')).raw, '250 2.0.0 Ok\r\n');
  assert.equal((await client.command('MAIL FROM:<> ENVID=bounce-7')).raw, '250 2.1.0 Ok\r\n');
  assert.deepEqual((await h.delivery.transaction(0)).envelope.dsn, { ret: 'FULL', envid: null });
  assert.deepEqual((await h.delivery.transaction(1)).envelope.dsn, { ret: null, envid: 'bounce-7' });
});

test('leaves the envelope without dsn when MAIL has neither RET nor ENVID', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<a@sender.example> BODY=8BITMIME')).raw, '250 2.1.0 Ok\r\n');
  assert.equal('dsn' in (await h.delivery.transaction(0)).envelope, false);
});

test('accepts an ENVID of 100 characters once decoded', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  const envid = `${'e'.repeat(97)}+2B+2B+2B`;
  assert.equal((await client.command(`MAIL FROM:<a@sender.example> ENVID=${envid}`)).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await h.delivery.transaction(0)).envelope.dsn?.envid, `${'e'.repeat(97)}+++`);
});

test('refuses a malformed RET with 501 5.5.4', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  const cases: Array<[string, string]> = [
    ['RET=BOTH', BAD_RET],
    ['RET=FULL,HDRS', BAD_RET],
    ['RET', BAD_RET],
    ['RET=', PARAMETER_SYNTAX],
    ['RET=FULL RET=HDRS', PARAMETER_SYNTAX],
    ['RET=FULL ret=FULL', PARAMETER_SYNTAX],
  ];
  for (const [params, reply] of cases) assert.equal((await client.command(`MAIL FROM:<a@sender.example> ${params}`)).raw, reply, params);
  assert.equal(h.delivery.transactions.length, 0);
});

test('refuses a malformed ENVID with 501 5.5.4', async (t) => {
  const h = await smtpFor(t, { settings: { max_errors: 50 } });
  const client = await h.client();
  await client.greetAndEhlo();
  const cases: Array<[string, string]> = [
    [`ENVID=${'e'.repeat(101)}`, BAD_ENVID],
    [`ENVID=${'e'.repeat(100)}+2B`, BAD_ENVID],
    ['ENVID=+ZZ', BAD_ENVID],
    ['ENVID=id+', BAD_ENVID],
    ['ENVID=id+4', BAD_ENVID],
    ['ENVID=id+0D+0Ax', BAD_ENVID],
    ['ENVID=j+C3+B6rg', BAD_ENVID],
    ['ENVID=jörg SMTPUTF8', BAD_ENVID],
    ['ENVID', BAD_ENVID],
    ['ENVID=', PARAMETER_SYNTAX],
    ['ENVID=a ENVID=b', PARAMETER_SYNTAX],
  ];
  for (const [params, reply] of cases) assert.equal((await client.command(`MAIL FROM:<a@sender.example> ${params}`)).raw, reply, params);
  assert.equal(h.delivery.transactions.length, 0);
});

test('takes RET and ENVID from an authenticated submission client', async (t) => {
  const h = await smtpFor(t, { listener: { protocol: 'submission', tls: 'none', encryption: 'optional' } });
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command(`AUTH PLAIN ${PLAIN}`)).raw, '235 2.7.0 Authentication successful\r\n');
  assert.equal((await client.command('MAIL FROM:<alice@example.test> RET=HDRS ENVID=msg-1')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await client.command('RCPT TO:<bob@remote.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@remote.example')).raw, '250 2.1.5 Ok\r\n');
  const tx = await h.delivery.transaction(0);
  assert.deepEqual(tx.envelope.dsn, { ret: 'HDRS', envid: 'msg-1' });
  assert.deepEqual(tx.recipientDsn, [{ notify: ['SUCCESS', 'FAILURE'], orcpt: { type: 'rfc822', address: 'bob@remote.example' } }]);
});
