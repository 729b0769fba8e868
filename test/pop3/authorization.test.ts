// The AUTHORIZATION state over a raw socket: greeting, CAPA, STLS and implicit TLS (RFC 2595), USER/PASS
// (RFC 1939 §7), AUTH PLAIN and LOGIN (RFC 5034), refusals before TLS, the maildrop lock (RFC 1939 §8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pop3TestClient } from '../helpers/pop3-client.ts';
import { PASSWORD, startPop3, USER } from './pop3-instance.ts';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const CAPA_COMMON = ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER', 'LOGIN-DELAY 0'];

test('CAPA before STLS offers STLS but neither USER nor SASL; after STLS, USER and SASL PLAIN LOGIN', async (t) => {
  const pop3 = await startPop3(t);
  const client = await pop3.connect();
  const before = await client.multi('CAPA');
  assert.equal(before.status, '+OK Capability list follows');
  assert.deepEqual(before.lines, [...CAPA_COMMON, 'STLS', 'UTF8', 'IMPLEMENTATION Mailstead']);
  assert.equal(await client.command('STLS'), '+OK Begin TLS negotiation');
  await client.startTls();
  const after = await client.multi('CAPA');
  assert.deepEqual(after.lines, [...CAPA_COMMON, 'USER', 'SASL PLAIN LOGIN', 'UTF8', 'IMPLEMENTATION Mailstead']);
  assert.equal(await client.command('STLS'), '-ERR TLS is already active');
  assert.equal(await client.command(`USER ${USER}`), '+OK Send PASS');
  assert.equal(await client.command(`PASS ${PASSWORD}`), '+OK Logged in, 0 messages (0 octets)');
  assert.deepEqual((await client.multi('CAPA')).lines, [...CAPA_COMMON, 'IMPLEMENTATION Mailstead']);
  assert.equal(await client.command('STLS'), '-ERR STLS is not valid in the TRANSACTION state');
});

test('USER, PASS and AUTH are refused with [AUTH] before TLS where TLS is required', async (t) => {
  const pop3 = await startPop3(t);
  const client = await pop3.connect();
  const refusal = '-ERR [AUTH] Authentication needs TLS first: use STLS, or port 995';
  assert.equal(await client.command(`USER ${USER}`), refusal);
  assert.equal(await client.command(`PASS ${PASSWORD}`), refusal);
  assert.equal(await client.command(`AUTH PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`), refusal);
  assert.equal(await client.command('STAT'), '-ERR STAT is not valid in the AUTHORIZATION state');
  assert.equal(await client.command('QUIT'), '+OK Mailstead POP3 server signing off');
  await client.expectClose();
});

test('a plain listener with encryption = "optional" takes USER and PASS in clear text', async (t) => {
  const pop3 = await startPop3(t, {
    listeners: '[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\n\n[[listeners]]\nprotocol = "pop3"\naddress = "127.0.0.1"\nport = 0\nencryption = "optional"\n',
  });
  const client = await pop3.connect();
  assert.equal(await client.command(`USER ${USER}`), '+OK Send PASS');
  assert.equal(await client.command(`PASS ${PASSWORD}`), '+OK Logged in, 0 messages (0 octets)');
});

test('implicit TLS serves POP3 from the first byte and takes credentials at once', async (t) => {
  const pop3 = await startPop3(t, {
    listeners: '[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\n\n[[listeners]]\nprotocol = "pop3"\naddress = "127.0.0.1"\nport = 0\ntls = "implicit"\n',
  });
  const client = await Pop3TestClient.connectTls(pop3.port);
  t.after(() => client.close());
  assert.equal(await client.line(), '+OK Mailstead POP3 ready');
  assert.deepEqual((await client.multi('CAPA')).lines, [...CAPA_COMMON, 'USER', 'SASL PLAIN LOGIN', 'UTF8', 'IMPLEMENTATION Mailstead']);
  assert.equal(await client.command('STLS'), '-ERR TLS is already active');
  assert.equal(await client.command(`USER ${USER}`), '+OK Send PASS');
  assert.equal(await client.command(`PASS ${PASSWORD}`), '+OK Logged in, 0 messages (0 octets)');
});

test('STLS discards commands pipelined after it in clear text', async (t) => {
  const pop3 = await startPop3(t);
  const client = await pop3.connect();
  client.send(`STLS\r\nUSER ${USER}\r\n`);
  assert.equal(await client.line(), '+OK Begin TLS negotiation');
  await client.startTls();
  assert.equal(await client.command(`PASS ${PASSWORD}`), '-ERR Send USER first');
});

async function secured(pop3: Awaited<ReturnType<typeof startPop3>>): Promise<Pop3TestClient> {
  const client = await pop3.connect();
  assert.equal(await client.command('STLS'), '+OK Begin TLS negotiation');
  await client.startTls();
  return client;
}

test('a wrong password gets -ERR [AUTH] Authentication failed and the session may try again', async (t) => {
  const pop3 = await startPop3(t);
  const client = await secured(pop3);
  assert.equal(await client.command(`USER ${USER}`), '+OK Send PASS');
  assert.equal(await client.command('PASS wrong'), '-ERR [AUTH] Authentication failed');
  assert.equal(await client.command('PASS wrong'), '-ERR Send USER first');
  assert.equal(await client.command('USER nobody@example.test'), '+OK Send PASS');
  assert.equal(await client.command(`PASS ${PASSWORD}`), '-ERR [AUTH] Authentication failed');
  assert.equal(await client.command(`USER ${USER}`), '+OK Send PASS');
  assert.equal(await client.command(`PASS ${PASSWORD}`), '+OK Logged in, 0 messages (0 octets)');
});

test('AUTH PLAIN with an initial response, and after an empty challenge', async (t) => {
  const pop3 = await startPop3(t);
  const first = await secured(pop3);
  assert.equal(await first.command(`AUTH PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`), '+OK Logged in, 0 messages (0 octets)');
  assert.equal(await first.command('QUIT'), '+OK Mailstead POP3 server signing off');
  const second = await secured(pop3);
  assert.equal(await second.command('AUTH PLAIN'), '+ ');
  assert.equal(await second.command(b64(`${USER}\0${USER}\0${PASSWORD}`)), '+OK Logged in, 0 messages (0 octets)');
});

test('AUTH LOGIN asks for the user name and password, and takes the name as initial response', async (t) => {
  const pop3 = await startPop3(t);
  const first = await secured(pop3);
  assert.equal(await first.command('AUTH LOGIN'), `+ ${b64('Username:')}`);
  assert.equal(await first.command(b64(USER)), `+ ${b64('Password:')}`);
  assert.equal(await first.command(b64(PASSWORD)), '+OK Logged in, 0 messages (0 octets)');
  assert.equal(await first.command('QUIT'), '+OK Mailstead POP3 server signing off');
  const second = await secured(pop3);
  assert.equal(await second.command(`AUTH LOGIN ${b64(USER)}`), `+ ${b64('Password:')}`);
  assert.equal(await second.command(b64('wrong')), '-ERR [AUTH] Authentication failed');
});

test('AUTH is cancelled with *, refuses bad base64 and unknown mechanisms, and lists mechanisms when bare', async (t) => {
  const pop3 = await startPop3(t);
  const client = await secured(pop3);
  assert.equal(await client.command('AUTH LOGIN'), `+ ${b64('Username:')}`);
  assert.equal(await client.command('*'), '-ERR Authentication cancelled');
  assert.equal(await client.command('AUTH PLAIN'), '+ ');
  assert.equal(await client.command('*'), '-ERR Authentication cancelled');
  assert.equal(await client.command('AUTH PLAIN not*base64'), '-ERR The response is not valid base64');
  assert.equal(await client.command(`AUTH PLAIN ${b64('just-one-field')}`), '-ERR A PLAIN response is authzid NUL authcid NUL password');
  assert.equal(await client.command('AUTH CRAM-MD5'), '-ERR Unsupported authentication mechanism CRAM-MD5');
  const bare = await client.multi('AUTH');
  assert.equal(bare.status, '+OK Supported mechanisms follow');
  assert.deepEqual(bare.lines, ['PLAIN', 'LOGIN']);
  assert.equal(await client.command(`AUTH PLAIN ${b64(`other@example.test\0${USER}\0${PASSWORD}`)}`), '-ERR [AUTH] Authentication failed');
  assert.equal(await client.command('AUTH PLAIN ='), '-ERR A PLAIN response is authzid NUL authcid NUL password');
});

test('a second session for the same maildrop gets [IN-USE] until the first one ends', async (t) => {
  const pop3 = await startPop3(t);
  const first = await pop3.loggedIn();
  const second = await secured(pop3);
  assert.equal(await second.command(`USER ${USER}`), '+OK Send PASS');
  assert.equal(await second.command(`PASS ${PASSWORD}`), '-ERR [IN-USE] Mailbox is locked by another POP3 session');
  assert.equal(await second.command(`AUTH PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`), '-ERR [IN-USE] Mailbox is locked by another POP3 session');
  assert.equal(await first.command('QUIT'), '+OK Mailstead POP3 server signing off');
  await first.expectClose();
  assert.equal(await second.command(`AUTH PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`), '+OK Logged in, 0 messages (0 octets)');
});

test('UTF8 is acknowledged in the AUTHORIZATION state only (RFC 6856)', async (t) => {
  const pop3 = await startPop3(t);
  const client = await secured(pop3);
  assert.equal(await client.command('UTF8'), '+OK UTF-8 enabled');
  assert.equal(await client.command(`AUTH PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`), '+OK Logged in, 0 messages (0 octets)');
  assert.equal(await client.command('UTF8'), '-ERR UTF8 is not valid in the TRANSACTION state');
});
