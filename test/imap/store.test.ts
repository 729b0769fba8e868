import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startMailboxServer, message, USER, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

describe('STORE', () => {
  let server: MailboxServer;
  let client: ImapTestClient;
  before(async () => {
    server = await startMailboxServer();
    for (const subject of ['one', 'two', 'three']) await server.deliver(USER, message(subject));
    client = await server.login();
    await client.command('SELECT INBOX');
  });
  after(() => server.stop());

  test('adds flags and answers the new FLAGS of every message in the set', async () => {
    const result = await client.command('STORE 1:2 +FLAGS (\\Flagged $Work)');
    assert.deepEqual(result.untagged, ['1 FETCH (FLAGS (\\Flagged \\Recent $Work))', '2 FETCH (FLAGS (\\Flagged \\Recent $Work))']);
    assert.deepEqual(result.tagged.text, 'STORE completed');
  });

  test('removes flags silently and announces nothing afterwards', async () => {
    assert.deepEqual((await client.command('STORE 1 -FLAGS.SILENT ($Work)')).untagged, []);
    assert.deepEqual((await client.command('NOOP')).untagged, []);
    assert.deepEqual((await client.command('FETCH 1 FLAGS')).untagged, ['1 FETCH (FLAGS (\\Flagged \\Recent))']);
  });

  test('replaces the flags with UID STORE and includes the UID', async () => {
    assert.deepEqual((await client.command('UID STORE 3 FLAGS (\\Seen \\Answered)')).untagged, ['3 FETCH (UID 3 FLAGS (\\Seen \\Answered \\Recent))']);
  });

  test('reports MODSEQ once CONDSTORE is enabled, even for .SILENT (RFC 7162 §3.1.3)', async () => {
    // FETCH MODSEQ is a CONDSTORE enabling command (RFC 7162 §3.1).
    await client.command('FETCH 2 (MODSEQ)');
    const highest = (await client.command('STATUS INBOX (HIGHESTMODSEQ)')).untagged[0]!;
    const next = Number(/HIGHESTMODSEQ (\d+)/.exec(highest)![1]) + 1;
    const result = await client.command('STORE 2 +FLAGS.SILENT (\\Deleted)');
    assert.deepEqual(result.untagged, [`2 FETCH (MODSEQ (${next}))`]);
  });

  test('skips messages changed since UNCHANGEDSINCE and lists them in MODIFIED', async () => {
    const modseqs = (await client.command('FETCH 1:3 (MODSEQ)')).untagged.map((line) => Number(/MODSEQ \((\d+)\)/.exec(line)![1]));
    const result = await client.command(`UID STORE 1:3 (UNCHANGEDSINCE ${modseqs[2]}) -FLAGS (\\Deleted)`);
    assert.ok(modseqs[1]! > modseqs[2]!);
    assert.deepEqual(result.tagged, { tag: result.tagged.tag, status: 'OK', code: 'MODIFIED 2', text: 'Conditional STORE failed for some messages' });
    assert.deepEqual(result.untagged, [`1 FETCH (UID 1 FLAGS (\\Flagged \\Recent) MODSEQ (${modseqs[0]}))`, `3 FETCH (UID 3 FLAGS (\\Seen \\Answered \\Recent) MODSEQ (${modseqs[2]}))`]);
  });

  test('shows a flag change to another session on its next command', async () => {
    const other = await server.login();
    await other.command('SELECT INBOX');
    await client.command('STORE 1 +FLAGS.SILENT (\\Seen)');
    assert.deepEqual((await other.command('NOOP')).untagged, ['1 FETCH (UID 1 FLAGS (\\Seen \\Flagged))']);
  });

  test('refuses STORE in a mailbox opened with EXAMINE', async () => {
    const reader = await server.login();
    await reader.command('EXAMINE INBOX');
    const result = await reader.command('STORE 1 +FLAGS (\\Seen)');
    assert.deepEqual(result.tagged, { tag: result.tagged.tag, status: 'NO', code: 'READ-ONLY', text: 'The mailbox is read-only' });
  });
});
