// Greeting, CAPABILITY in each state, state checks, pipelining, ID, NAMESPACE, ENABLE, LOGOUT, and BYE
// at shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImapTestClient } from '../helpers/imap-client.ts';
import { startImap, USER, PASSWORD } from '../helpers/imap-instance.ts';
import { createInstance, startInProcess } from '../helpers/instance.ts';

const capabilityOf = (line: string): string[] => line.replace(/^CAPABILITY /, '').split(' ');

test('greets with OK, the capabilities and the server name', async (t) => {
  const imap = await startImap(t);
  const client = await ImapTestClient.connect(imap.port);
  t.after(() => client.close());
  const greeting = await client.greeting();
  assert.match(greeting, /^OK \[CAPABILITY IMAP4rev1 IMAP4rev2 [^\]]*\] Mailstead ready$/);
  assert.ok(greeting.includes(' STARTTLS '));
});

test('advertises STARTTLS and LOGINDISABLED before TLS, AUTH= after it, and COMPRESS after login', async (t) => {
  const imap = await startImap(t);
  const client = await imap.connect();
  const before = capabilityOf((await client.command('CAPABILITY')).untagged[0]!);
  assert.ok(before.includes('STARTTLS') && before.includes('LOGINDISABLED') && before.includes('SASL-IR'));
  assert.ok(!before.some((c) => c.startsWith('AUTH=')));
  assert.ok(!before.includes('COMPRESS=DEFLATE'));
  assert.equal((await client.startTls()).tagged.status, 'OK');
  const after = capabilityOf((await client.command('CAPABILITY')).untagged[0]!);
  assert.ok(after.includes('AUTH=PLAIN') && after.includes('AUTH=LOGIN'));
  assert.ok(!after.includes('STARTTLS') && !after.includes('LOGINDISABLED'));
  const login = await client.login(USER, PASSWORD);
  const loggedIn = login.tagged.code!.replace(/^CAPABILITY /, '').split(' ');
  assert.ok(loggedIn.includes('COMPRESS=DEFLATE') && loggedIn.includes('IDLE') && loggedIn.includes('APPENDLIMIT=67108864'));
  assert.ok(!loggedIn.some((c) => c.startsWith('AUTH=')) && !loggedIn.includes('SASL-IR'));
  assert.deepEqual((await client.command('CAPABILITY')).untagged, [`CAPABILITY ${loggedIn.join(' ')}`]);
});

test('greets over implicit TLS without STARTTLS or LOGINDISABLED', async (t) => {
  const imap = await startImap(t, {
    listeners:
      '[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\n\n[[listeners]]\nprotocol = "imap"\naddress = "127.0.0.1"\nport = 0\ntls = "implicit"\n',
  });
  const client = await ImapTestClient.connectTls(imap.port);
  t.after(() => client.close());
  const greeting = await client.greeting();
  assert.ok(greeting.includes(' AUTH=PLAIN AUTH=LOGIN]'));
  assert.ok(!greeting.includes('STARTTLS') && !greeting.includes('LOGINDISABLED'));
  assert.equal((await client.login(USER, PASSWORD)).tagged.text, 'Logged in');
});

test('answers commands of the wrong state with BAD', async (t) => {
  const imap = await startImap(t);
  const client = await imap.connect();
  assert.equal((await client.command('NAMESPACE', { tag: 'n1' })).raw, 'n1 BAD NAMESPACE needs authentication first\r\n');
  assert.equal((await client.command('ENABLE CONDSTORE', { tag: 'e1' })).raw, 'e1 BAD ENABLE needs authentication first\r\n');
  const logged = await imap.loggedIn();
  assert.equal((await logged.command('LOGIN a b', { tag: 'l1' })).raw, 'l1 BAD LOGIN is not valid in the authenticated state\r\n');
  assert.equal((await logged.command('STARTTLS', { tag: 's1' })).raw, 's1 BAD STARTTLS is not valid in the authenticated state\r\n');
});

test('answers an unknown command and a malformed one with BAD and a reason', async (t) => {
  const imap = await startImap(t);
  const client = await imap.connect();
  assert.equal((await client.command('FROB x', { tag: 'u1' })).raw, 'u1 BAD Unknown command FROB\r\n');
  const bad = await client.command('NOOP extra', { tag: 'u2' });
  assert.equal(bad.tagged.status, 'BAD');
});

test('answers pipelined commands in order, each after its own untagged data', async (t) => {
  const imap = await startImap(t);
  const client = await imap.connect();
  client.send('p1 NOOP\r\np2 CAPABILITY\r\np3 ID NIL\r\n');
  assert.equal((await client.readTagged('p1')).raw, 'p1 OK NOOP completed\r\n');
  const capability = await client.readTagged('p2');
  assert.equal(capability.untagged.length, 1);
  assert.match(capability.raw, /^\* CAPABILITY IMAP4rev1 [^\r]*\r\np2 OK CAPABILITY completed\r\n$/);
  assert.equal((await client.readTagged('p3')).raw, '* ID ("name" "Mailstead" "version" "0.1.0")\r\np3 OK ID completed\r\n');
});

test('answers ID with the server name and version', async (t) => {
  const imap = await startImap(t);
  const client = await imap.connect();
  const result = await client.command('ID ("name" "test-client" "version" "1.0")');
  assert.deepEqual(result.untagged, ['ID ("name" "Mailstead" "version" "0.1.0")']);
  assert.equal(result.tagged.status, 'OK');
});

test('answers NAMESPACE with one personal namespace using the / delimiter', async (t) => {
  const imap = await startImap(t);
  const client = await imap.loggedIn();
  assert.deepEqual((await client.command('NAMESPACE')).untagged, ['NAMESPACE (("" "/")) NIL NIL']);
});

test('enables QRESYNC with CONDSTORE, lists only newly enabled extensions and ignores unknown ones', async (t) => {
  const imap = await startImap(t);
  const client = await imap.loggedIn();
  assert.equal((await client.command('ENABLE QRESYNC X-UNKNOWN', { tag: 'e1' })).raw, '* ENABLED CONDSTORE QRESYNC\r\ne1 OK ENABLE completed\r\n');
  assert.equal((await client.command('ENABLE CONDSTORE UTF8=ACCEPT', { tag: 'e2' })).untagged[0]!.startsWith('ENABLED'), true);
  assert.equal((await client.command('ENABLE CONDSTORE', { tag: 'e3' })).raw, '* ENABLED\r\ne3 OK ENABLE completed\r\n');
});

test('answers LOGOUT with BYE and OK, then closes', async (t) => {
  const imap = await startImap(t);
  const client = await imap.connect();
  assert.equal((await client.command('LOGOUT', { tag: 'z' })).raw, '* BYE Logging out\r\nz OK LOGOUT completed\r\n');
  assert.equal(await client.expectClose(), '');
});

test('says BYE to waiting sessions when the server shuts down', async (t) => {
  const instance = await createInstance({ accounts: [{ address: USER, password: PASSWORD }] });
  t.after(() => instance.cleanup());
  const { server, imapPort } = await startInProcess(instance.dir);
  const client = await ImapTestClient.connect(imapPort);
  t.after(() => client.close());
  await client.greeting();
  const stopped = server.stop();
  assert.equal(await client.expectClose(), '* BYE Server shutting down\r\n');
  await stopped;
});
