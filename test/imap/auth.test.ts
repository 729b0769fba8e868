// LOGIN and AUTHENTICATE (PLAIN, LOGIN, SASL-IR): refused before TLS where required, failures after a
// delay with AUTHENTICATIONFAILED, cancellation with BAD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startImap, USER, PASSWORD } from '../helpers/imap-instance.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

async function upgraded(imap: Awaited<ReturnType<typeof startImap>>): Promise<ImapTestClient> {
  const client = await imap.connect();
  assert.equal((await client.startTls()).tagged.status, 'OK');
  return client;
}

test('refuses LOGIN and AUTHENTICATE before STARTTLS with NO [PRIVACYREQUIRED]', async (t) => {
  const imap = await startImap(t);
  const client = await imap.connect();
  assert.equal(
    (await client.command(`LOGIN ${USER} ${PASSWORD}`, { tag: 'a' })).raw,
    'a NO [PRIVACYREQUIRED] Authentication needs TLS first: use STARTTLS, or port 993\r\n',
  );
  assert.equal(
    (await client.command(`AUTHENTICATE PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`, { tag: 'b' })).raw,
    'b NO [PRIVACYREQUIRED] Authentication needs TLS first: use STARTTLS, or port 993\r\n',
  );
});

test('accepts LOGIN in clear text on a listener with encryption = "optional"', async (t) => {
  const imap = await startImap(t, { listeners: '[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\n\n[[listeners]]\nprotocol = "imap"\naddress = "127.0.0.1"\nport = 0\nencryption = "optional"\n' });
  const client = await imap.connect();
  assert.ok(!(await client.command('CAPABILITY')).untagged[0]!.includes('LOGINDISABLED'));
  assert.equal((await client.command(`LOGIN ${USER} ${PASSWORD}`)).tagged.text, 'Logged in');
});

test('logs in with LOGIN after STARTTLS and answers OK with the new capabilities', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  const result = await client.command(`LOGIN "${USER}" "${PASSWORD}"`, { tag: 'l' });
  assert.match(result.raw, /^l OK \[CAPABILITY IMAP4rev1 IMAP4rev2 [^\]]*\] Logged in\r\n$/);
});

test('refuses a wrong password with NO [AUTHENTICATIONFAILED] and allows another try', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  assert.equal((await client.command(`LOGIN ${USER} wrong-password`, { tag: 'w' })).raw, 'w NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
  assert.equal((await client.command(`LOGIN nobody@example.test ${PASSWORD}`, { tag: 'u' })).raw, 'u NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
  assert.equal((await client.command(`LOGIN ${USER} ${PASSWORD}`)).tagged.text, 'Logged in');
});

test('logs in with AUTHENTICATE PLAIN and an initial response (SASL-IR)', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  const result = await client.command(`AUTHENTICATE PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}`);
  assert.equal(result.tagged.status, 'OK');
  assert.equal(result.tagged.text, 'Logged in');
});

test('logs in with AUTHENTICATE PLAIN after an empty challenge', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  client.send('p AUTHENTICATE PLAIN\r\n');
  const challenge = await client.next();
  assert.deepEqual({ kind: challenge.kind, bytes: challenge.bytes.toString() }, { kind: 'continuation', bytes: '+ \r\n' });
  client.send(`${b64(`${USER}\0${USER}\0${PASSWORD}`)}\r\n`);
  assert.equal((await client.readTagged('p')).tagged.text, 'Logged in');
});

test('logs in with AUTHENTICATE LOGIN through its Username: and Password: challenges', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  client.send('g AUTHENTICATE LOGIN\r\n');
  assert.equal((await client.next()).text, b64('Username:'));
  client.send(`${b64(USER)}\r\n`);
  assert.equal((await client.next()).text, b64('Password:'));
  client.send(`${b64(PASSWORD)}\r\n`);
  assert.equal((await client.readTagged('g')).tagged.text, 'Logged in');
});

test('takes the user name of AUTHENTICATE LOGIN from an initial response', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  client.send(`g AUTHENTICATE LOGIN ${b64(USER)}\r\n`);
  assert.equal((await client.next()).text, b64('Password:'));
  client.send(`${b64('wrong')}\r\n`);
  assert.equal((await client.readTagged('g')).raw, 'g NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
});

test('answers a cancelled AUTHENTICATE with BAD and stays usable', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  client.send('c AUTHENTICATE PLAIN\r\n');
  assert.equal((await client.next()).kind, 'continuation');
  client.send('*\r\n');
  assert.equal((await client.readTagged('c')).raw, 'c BAD Authentication cancelled\r\n');
  assert.equal((await client.command('NOOP', { tag: 'n' })).raw, 'n OK NOOP completed\r\n');
});

test('answers a response that is not base64 with BAD', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  client.send('c AUTHENTICATE PLAIN\r\n');
  await client.next();
  client.send('not base64!\r\n');
  assert.equal((await client.readTagged('c')).raw, 'c BAD The response is not valid base64\r\n');
});

test('refuses an unknown SASL mechanism with NO', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  assert.equal((await client.command('AUTHENTICATE CRAM-MD5', { tag: 'm' })).raw, 'm NO Unsupported authentication mechanism CRAM-MD5\r\n');
});

test('refuses PLAIN with an authorization identity of another user', async (t) => {
  const imap = await startImap(t);
  const client = await upgraded(imap);
  const result = await client.command(`AUTHENTICATE PLAIN ${b64(`bob@example.test\0${USER}\0${PASSWORD}`)}`, { tag: 'z' });
  assert.equal(result.raw, 'z NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
});
