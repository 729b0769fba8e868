// QRESYNC (RFC 7162 §3.2.5): a client that was offline resynchronises in its SELECT.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startMailboxServer, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

let server: MailboxServer;
let writer: ImapTestClient;
let validity: number;
let modseq: number;

before(async () => {
  server = await startMailboxServer();
  writer = await server.login();
  for (let i = 1; i <= 5; i++) await writer.command(['APPEND INBOX () ', { literal: message(`m${i}`) }]);
  const status = (await writer.command('STATUS INBOX (UIDVALIDITY HIGHESTMODSEQ)')).untagged[0]!;
  [, validity, modseq] = status.match(/UIDVALIDITY (\d+) HIGHESTMODSEQ (\d+)/)!.map(Number) as [number, number, number];
  await writer.command('SELECT INBOX');
  await writer.command('STORE 2,4 +FLAGS.SILENT (\\Deleted)');
  await writer.command('EXPUNGE');
  await writer.command('UID STORE 3 +FLAGS.SILENT (\\Seen)');
});
after(() => server.stop());

test('SELECT (QRESYNC) reports expunges since the MODSEQ as VANISHED (EARLIER) and changed flags with MODSEQ', async () => {
  const client = await server.login();
  await client.command('ENABLE QRESYNC');
  const result = await client.command(`SELECT INBOX (QRESYNC (${validity} ${modseq}))`);
  const highest = Number(result.untagged.find((line) => line.includes('HIGHESTMODSEQ'))!.match(/HIGHESTMODSEQ (\d+)/)![1]);
  assert.deepEqual(result.untagged.slice(-2), ['VANISHED (EARLIER) 2,4', `2 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (${highest}))`]);
  assert.equal(result.tagged.code, 'READ-WRITE');
});

test('known UIDs limit the VANISHED (EARLIER) set', async () => {
  const client = await server.login();
  await client.command('ENABLE QRESYNC');
  const result = await client.command(`EXAMINE INBOX (QRESYNC (${validity} ${modseq} 1:3))`);
  assert.ok(result.untagged.includes('VANISHED (EARLIER) 2'), result.raw);
});

test('a different UIDVALIDITY gets no resynchronisation data', async () => {
  const client = await server.login();
  await client.command('ENABLE QRESYNC');
  const result = await client.command(`SELECT INBOX (QRESYNC (${validity + 1} ${modseq}))`);
  assert.ok(!result.untagged.some((line) => line.startsWith('VANISHED') || line.includes('FETCH')), result.raw);
});

test('a selected QRESYNC session learns of expunges by another session as VANISHED', async () => {
  const client = await server.login();
  await client.command('ENABLE QRESYNC');
  await client.command('SELECT INBOX');
  await writer.command('STORE 1 +FLAGS.SILENT (\\Deleted)');
  await writer.command('EXPUNGE');
  assert.deepEqual((await client.command('NOOP')).untagged, ['VANISHED 1']);
});
