import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startMailboxServer, message, USER, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

describe('COPY and MOVE', () => {
  let server: MailboxServer;
  let client: ImapTestClient;
  let uidValidity: (mailbox: string) => Promise<string>;
  before(async () => {
    server = await startMailboxServer([{ address: USER }, { address: 'small@example.test', quotaBytes: 1000 }]);
    for (const subject of ['one', 'two', 'three', 'four']) await server.deliver(USER, message(subject));
    client = await server.login();
    await client.command('SELECT INBOX');
    uidValidity = async (mailbox) => /UIDVALIDITY (\d+)/.exec((await client.command(`STATUS ${mailbox} (UIDVALIDITY)`)).untagged[0]!)![1]!;
  });
  after(() => server.stop());

  test('copies messages and answers COPYUID with the UIDs paired in order', async () => {
    const result = await client.command('COPY 1:2,4 Archive');
    assert.deepEqual(result.untagged, []);
    assert.deepEqual(result.tagged, { tag: result.tagged.tag, status: 'OK', code: `COPYUID ${await uidValidity('Archive')} 1:2,4 1:3`, text: 'COPY completed' });
  });

  test('answers TRYCREATE when the target mailbox does not exist', async () => {
    const result = await client.command('COPY 1 Nowhere');
    assert.deepEqual(result.tagged, { tag: result.tagged.tag, status: 'NO', code: 'TRYCREATE', text: 'No such mailbox' });
  });

  test('moves messages: COPYUID untagged, then EXPUNGE from the highest number, then OK', async () => {
    const validity = await uidValidity('Trash');
    const result = await client.command('MOVE 2:3 Trash');
    assert.deepEqual(result.untagged, [`OK [COPYUID ${validity} 2:3 1:2] Moved`, '3 EXPUNGE', '2 EXPUNGE']);
    assert.equal(result.tagged.text, 'MOVE completed');
    assert.deepEqual((await client.command('FETCH 1:* (UID)')).untagged, ['1 FETCH (UID 1)', '2 FETCH (UID 4)']);
  });

  test('announces UID MOVE as VANISHED once QRESYNC is enabled', async () => {
    const validity = await uidValidity('Junk');
    const resync = await server.login();
    // RFC 5161 §3.1: ENABLE before SELECT.
    assert.equal((await resync.command('ENABLE QRESYNC')).tagged.status, 'OK');
    await resync.command('SELECT INBOX');
    const result = await resync.command('UID MOVE 4 Junk');
    assert.deepEqual(result.untagged, [`OK [COPYUID ${validity} 4 1] Moved`, 'VANISHED 4']);
  });

  test('refuses MOVE out of a mailbox opened with EXAMINE', async () => {
    const reader = await server.login();
    await reader.command('EXAMINE INBOX');
    const result = await reader.command('MOVE 1 Trash');
    assert.deepEqual(result.tagged, { tag: result.tagged.tag, status: 'NO', code: 'READ-ONLY', text: 'The mailbox is read-only' });
  });

  test('answers OVERQUOTA when the copies do not fit', async () => {
    await server.deliver('small@example.test', message('big', 'x'.repeat(400)));
    const small = await server.login('small@example.test');
    await small.command('SELECT INBOX');
    const result = await small.command('COPY 1 Archive');
    assert.equal(result.tagged.status, 'NO');
    assert.equal(result.tagged.code, 'OVERQUOTA');
  });
});
