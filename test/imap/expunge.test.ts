import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startMailboxServer, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

let server: MailboxServer;
let client: ImapTestClient;

async function fill(mailbox: string, deleted: readonly boolean[]): Promise<void> {
  for (const [i, gone] of deleted.entries()) await client.command([`APPEND ${mailbox} (${gone ? '\\Deleted' : ''}) `, { literal: message(`m${i}`) }]);
}

before(async () => {
  server = await startMailboxServer();
  client = await server.login();
});
after(() => server.stop());

test('EXPUNGE removes the \\Deleted messages and announces them highest number first', async () => {
  await fill('INBOX', [true, false, true, false]);
  await client.command('SELECT INBOX');
  const result = await client.command('EXPUNGE');
  assert.deepEqual(result.untagged, ['3 EXPUNGE', '1 EXPUNGE']);
  assert.equal(result.tagged.text, 'EXPUNGE completed');
  assert.deepEqual((await client.command('NOOP')).untagged, []);
  assert.deepEqual((await client.command('STATUS INBOX (MESSAGES UIDNEXT)')).untagged, ['STATUS INBOX (MESSAGES 2 UIDNEXT 5)']);
});

test('UID EXPUNGE removes only the \\Deleted messages of the UID set', async () => {
  await fill('Archive', [true, true, false, true]);
  await client.command('SELECT Archive');
  const result = await client.command('UID EXPUNGE 2:3');
  assert.deepEqual(result.untagged, ['2 EXPUNGE']);
  assert.deepEqual((await client.command('UID EXPUNGE 9:*')).untagged, ['3 EXPUNGE']);
  assert.deepEqual((await client.command('STATUS Archive (MESSAGES)')).untagged, ['STATUS Archive (MESSAGES 2)']);
});

test('a QRESYNC client is told VANISHED instead of EXPUNGE', async () => {
  const qresync = await server.login();
  await qresync.command('ENABLE QRESYNC');
  await qresync.command(['APPEND Trash (\\Deleted) ', { literal: message('t1') }]);
  await qresync.command(['APPEND Trash (\\Deleted) ', { literal: message('t2') }]);
  await qresync.command('SELECT Trash');
  assert.deepEqual((await qresync.command('EXPUNGE')).untagged, ['VANISHED 1:2']);
});
