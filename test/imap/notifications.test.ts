// Two sessions on one mailbox, and SMTP delivery: what the other session is told, and when
// (RFC 9051 §7.5.1, RFC 2177 IDLE).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startMailboxServer, USER, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

let server: MailboxServer;
let a: ImapTestClient;
let b: ImapTestClient;

before(async () => {
  server = await startMailboxServer();
  a = await server.login();
  b = await server.login();
  await a.command('SELECT INBOX');
  await b.command('SELECT INBOX');
});
after(() => server.stop());

test('a message delivered over SMTP is announced as EXISTS at the next command', async () => {
  await server.deliver(USER, message('first'));
  assert.deepEqual((await a.command('NOOP')).untagged, ['1 EXISTS', '1 RECENT']);
  assert.deepEqual((await a.command('NOOP')).untagged, []);
});

test('a delivery during IDLE is announced at once, before DONE', async () => {
  const tag = a.nextTag();
  a.send(`${tag} IDLE\r\n`);
  assert.equal((await a.next()).kind, 'continuation');
  await server.deliver(USER, message('second'));
  const announced = await a.next();
  assert.deepEqual([announced.kind, announced.text], ['untagged', '2 EXISTS']);
  a.send('DONE\r\n');
  assert.equal((await a.readTagged(tag)).tagged.status, 'OK');
});

test("another session's flag change reaches the first as FETCH FLAGS", async () => {
  await b.command('NOOP');
  assert.equal((await b.command('STORE 1 +FLAGS.SILENT (\\Flagged)')).tagged.status, 'OK');
  assert.deepEqual((await a.command('NOOP')).untagged, ['1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))']);
});

test("another session's expunge waits through FETCH, STORE and SEARCH and is announced at NOOP", async () => {
  await b.command('STORE 1 +FLAGS.SILENT (\\Deleted)');
  assert.deepEqual((await b.command('EXPUNGE')).untagged, ['1 EXPUNGE']);
  const fetch = await a.command('FETCH 2 (UID)');
  assert.ok(!fetch.untagged.some((line) => line.endsWith('EXPUNGE')), fetch.raw);
  const store = await a.command('STORE 2 +FLAGS.SILENT (\\Seen)');
  assert.ok(!store.untagged.some((line) => line.endsWith('EXPUNGE')), store.raw);
  const search = await a.command('SEARCH ALL');
  assert.ok(!search.untagged.some((line) => line.endsWith('EXPUNGE')), search.raw);
  assert.deepEqual((await a.command('NOOP')).untagged, ['1 EXPUNGE']);
  assert.deepEqual((await a.command('FETCH 1 (UID)')).untagged, ['1 FETCH (UID 2)']);
});

test('a CONDSTORE session gets MODSEQ with flag changes', async () => {
  const c = await server.login();
  const selected = await c.command('SELECT INBOX (CONDSTORE)');
  const highest = Number(selected.untagged.find((line) => line.includes('HIGHESTMODSEQ'))!.match(/HIGHESTMODSEQ (\d+)/)![1]);
  await b.command('NOOP');
  await b.command('STORE 1 -FLAGS.SILENT (\\Seen)');
  assert.deepEqual((await c.command('NOOP')).untagged, [`1 FETCH (UID 2 FLAGS () MODSEQ (${highest + 1}))`]);
});
