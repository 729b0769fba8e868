// UTF8=ACCEPT (RFC 6855) and the UTF-8 mailbox names IMAP4rev2 implies (RFC 9051 §5.1, §6.3.1), over sockets.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startMailboxServer, type MailboxServer } from '../helpers/imap-mailbox-server.ts';

let server: MailboxServer;
before(async () => {
  server = await startMailboxServer();
  const setup = await server.login();
  assert.equal((await setup.command('CREATE "Entw&APw-rfe"')).tagged.status, 'OK');
  assert.equal((await setup.command('SUBSCRIBE "Entw&APw-rfe"')).tagged.status, 'OK');
});
after(() => server.stop());

test('advertises UTF8=ACCEPT', async () => {
  const client = await server.login();
  const capability = (await client.command('CAPABILITY')).untagged[0]!;
  assert.equal(capability.split(' ').includes('UTF8=ACCEPT'), true, capability);
});

test('ENABLE UTF8=ACCEPT switches LIST, LSUB and STATUS to UTF-8 names', async () => {
  const client = await server.login();
  assert.deepEqual((await client.command('ENABLE UTF8=ACCEPT')).untagged, ['ENABLED UTF8=ACCEPT']);
  assert.deepEqual((await client.command('LIST "" "Entw*"')).untagged, ['LIST (\\HasNoChildren) "/" "Entwürfe"']);
  assert.deepEqual((await client.command('LSUB "" "Entw*"')).untagged, ['LSUB () "/" "Entwürfe"']);
  assert.deepEqual((await client.command('STATUS "Entwürfe" (MESSAGES)')).untagged, ['STATUS "Entwürfe" (MESSAGES 0)']);
});

test('an IMAP4rev1 session keeps modified UTF-7 names', async () => {
  const client = await server.login();
  assert.deepEqual((await client.command('LIST "" "Entw*"')).untagged, ['LIST (\\HasNoChildren) "/" Entw&APw-rfe']);
  assert.deepEqual((await client.command('STATUS "Entw&APw-rfe" (MESSAGES)')).untagged, ['STATUS Entw&APw-rfe (MESSAGES 0)']);
});

test('refuses an 8-bit mailbox name before ENABLE and accepts it in a quoted string after', async () => {
  const client = await server.login();
  const before = await client.command('SELECT "Entwürfe"');
  assert.equal(before.raw, `${before.tagged.tag} BAD Mailbox name must be 7-bit; encode it in modified UTF-7\r\n`);
  await client.command('ENABLE UTF8=ACCEPT');
  const selected = await client.command('EXAMINE "Entwürfe"');
  assert.equal(selected.tagged.status, 'OK');
  assert.equal(selected.untagged.includes('0 EXISTS'), true);
});

test('creates and renames mailboxes by UTF-8 name once enabled', async () => {
  const client = await server.login();
  await client.command('ENABLE UTF8=ACCEPT');
  assert.equal((await client.command('CREATE "Grüße/Ärger"')).tagged.status, 'OK');
  assert.equal((await client.command('RENAME "Grüße/Ärger" "Grüße/Ölfässer"')).tagged.status, 'OK');
  assert.deepEqual((await client.command('LIST "" "Grüße/*"')).untagged, ['LIST (\\HasNoChildren) "/" "Grüße/Ölfässer"']);
  const legacy = await server.login();
  assert.deepEqual((await legacy.command('LIST "" "Gr&APwA3w-e/*"')).untagged, ['LIST (\\HasNoChildren) "/" Gr&APwA3w-e/&ANY-lf&AOQ-sser']);
});

test('refuses APPEND UTF8 before ENABLE UTF8=ACCEPT with BAD', async () => {
  const client = await server.login();
  const result = await client.command(['APPEND INBOX UTF8 (', { literal: 'Subject: x\r\n\r\nx\r\n', binary: true, plus: true }, ')'], { tag: 'u' });
  assert.equal(result.raw, 'u BAD APPEND UTF8 needs ENABLE UTF8=ACCEPT first\r\n');
});

test('appends a message with UTF-8 header fields through APPEND UTF8 and finds it by a UTF-8 quoted string', async () => {
  const client = await server.login();
  await client.command('ENABLE UTF8=ACCEPT');
  assert.equal((await client.command('CREATE Intl')).tagged.status, 'OK');
  const text = 'From: jörg@example.test\r\nSubject: Grüße aus Köln\r\n\r\nHallo\r\n';
  const appended = await client.command(['APPEND Intl UTF8 (', { literal: text, binary: true }, ')'], { tag: 'a' });
  assert.equal(appended.tagged.status, 'OK');
  assert.match(appended.tagged.code ?? '', /^APPENDUID \d+ 1$/);
  await client.command('SELECT Intl');
  assert.deepEqual((await client.command('SEARCH SUBJECT "Grüße"')).untagged, ['SEARCH 1']);
  const size = Buffer.byteLength(text);
  assert.deepEqual((await client.command('FETCH 1 RFC822.SIZE')).untagged, [`1 FETCH (RFC822.SIZE ${size})`]);
});

test('answers SEARCH with a CHARSET after ENABLE UTF8=ACCEPT with BAD', async () => {
  const client = await server.login();
  await client.command('ENABLE UTF8=ACCEPT');
  await client.command('SELECT INBOX');
  assert.equal((await client.command('SEARCH CHARSET UTF-8 ALL', { tag: 's' })).raw, 's BAD SEARCH CHARSET conflicts with UTF8=ACCEPT\r\n');
  assert.equal((await client.command('SORT (DATE) US-ASCII ALL', { tag: 'o' })).raw, 'o BAD CHARSET US-ASCII conflicts with UTF8=ACCEPT\r\n');
  assert.equal((await client.command('SORT (DATE) UTF-8 ALL', { tag: 'k' })).tagged.status, 'OK');
});

test('keeps SEARCH CHARSET for IMAP4rev1 clients', async () => {
  const client = await server.login();
  await client.command('SELECT INBOX');
  assert.equal((await client.command('SEARCH CHARSET UTF-8 ALL')).tagged.status, 'OK');
});

test('ENABLE IMAP4rev2 makes mailbox names UTF-8, in SELECT’s LIST line too', async () => {
  const client = await server.login();
  assert.deepEqual((await client.command('ENABLE IMAP4rev2')).untagged, ['ENABLED IMAP4rev2']);
  assert.deepEqual((await client.command('LIST "" "Entw*"')).untagged, ['LIST (\\HasNoChildren) "/" "Entwürfe"']);
  const selected = await client.command('SELECT "Entwürfe"');
  assert.equal(selected.tagged.status, 'OK');
  assert.equal(selected.untagged.includes('LIST () "/" "Entwürfe"'), true, selected.raw);
  // APPEND UTF8 belongs to UTF8=ACCEPT (RFC 6855 §4), which IMAP4rev2 does not enable.
  const append = await client.command(['APPEND INBOX UTF8 (', { literal: 'Subject: x\r\n\r\nx\r\n', binary: true, plus: true }, ')'], { tag: 'r' });
  assert.equal(append.tagged.status, 'BAD');
});
