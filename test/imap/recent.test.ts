// \Recent for IMAP4rev1 clients (RFC 3501 §2.3.2): a message is recent in the first session told about
// it — by a read-write SELECT or by the EXISTS that announces it — and in no other; EXAMINE looks
// without claiming (§6.3.2); IMAP4rev2 sessions see none of it (RFC 9051 Appendix E).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startMailboxServer, USER, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

/** The RECENT responses among `lines`. */
function recentLines(lines: readonly string[]): string[] {
  return lines.filter((line) => /^\d+ RECENT$/.test(line));
}

describe('two IMAP4rev1 sessions on one mailbox', () => {
  let server: MailboxServer;
  let a: ImapTestClient;
  let b: ImapTestClient;
  let observer: ImapTestClient;
  before(async () => {
    server = await startMailboxServer();
    for (const subject of ['one', 'two']) await server.deliver(USER, message(subject));
    [a, b, observer] = [await server.login(), await server.login(), await server.login()];
  });
  after(() => server.stop());

  test('STATUS counts the messages no session has been told about', async () => {
    assert.deepEqual((await observer.command('STATUS INBOX (MESSAGES RECENT)')).untagged, ['STATUS INBOX (MESSAGES 2 RECENT 2)']);
  });

  test('the first SELECT gets RECENT and \\Recent flags, the second none', async () => {
    assert.deepEqual(recentLines((await a.command('SELECT INBOX')).untagged), ['2 RECENT']);
    assert.deepEqual((await a.command('FETCH 1:2 (FLAGS)')).untagged, ['1 FETCH (FLAGS (\\Recent))', '2 FETCH (FLAGS (\\Recent))']);
    assert.deepEqual(recentLines((await b.command('SELECT INBOX')).untagged), ['0 RECENT']);
    assert.deepEqual((await b.command('FETCH 1:2 (FLAGS)')).untagged, ['1 FETCH (FLAGS ())', '2 FETCH (FLAGS ())']);
    assert.deepEqual((await observer.command('STATUS INBOX (RECENT)')).untagged, ['STATUS INBOX (RECENT 0)']);
  });

  test('a delivery while both are selected is recent in exactly the session told first', async () => {
    await server.deliver(USER, message('three'));
    assert.deepEqual((await observer.command('STATUS INBOX (RECENT)')).untagged, ['STATUS INBOX (RECENT 1)']);
    assert.deepEqual((await a.command('NOOP')).untagged, ['3 EXISTS', '3 RECENT']);
    assert.deepEqual((await b.command('NOOP')).untagged, ['3 EXISTS', '0 RECENT']);
    assert.deepEqual((await a.command('FETCH 3 (FLAGS)')).untagged, ['3 FETCH (FLAGS (\\Recent))']);
    assert.deepEqual((await b.command('FETCH 3 (FLAGS)')).untagged, ['3 FETCH (FLAGS ())']);
    assert.deepEqual((await observer.command('STATUS INBOX (RECENT)')).untagged, ['STATUS INBOX (RECENT 0)']);
  });

  test('SEARCH RECENT, NEW and OLD follow the session\'s own \\Recent set', async () => {
    assert.deepEqual((await a.command('STORE 1 +FLAGS (\\Seen)')).untagged, ['1 FETCH (FLAGS (\\Seen \\Recent))']);
    assert.deepEqual((await a.command('SEARCH RECENT')).untagged, ['SEARCH 1 2 3']);
    assert.deepEqual((await a.command('SEARCH NEW')).untagged, ['SEARCH 2 3']);
    assert.deepEqual((await a.command('SEARCH OLD')).untagged, ['SEARCH']);
    assert.deepEqual((await b.command('NOOP')).untagged, ['1 FETCH (UID 1 FLAGS (\\Seen))']);
    assert.deepEqual((await b.command('SEARCH RECENT')).untagged, ['SEARCH']);
    assert.deepEqual((await b.command('SEARCH OLD')).untagged, ['SEARCH 1 2 3']);
  });

  test('an expunged recent message no longer counts, and \\Recent cannot be stored', async () => {
    await a.command('STORE 3 +FLAGS.SILENT (\\Deleted)');
    assert.deepEqual((await a.command('EXPUNGE')).untagged, ['3 EXPUNGE']);
    assert.deepEqual((await a.command('SEARCH RECENT')).untagged, ['SEARCH 1 2']);
    const refused = await a.command('STORE 1 +FLAGS (\\Recent)');
    assert.equal(refused.tagged.status, 'BAD');
  });
});

describe('EXAMINE and IMAP4rev2', () => {
  let server: MailboxServer;
  before(async () => {
    server = await startMailboxServer();
    await server.deliver(USER, message('unclaimed'));
  });
  after(() => server.stop());

  test('EXAMINE shows unclaimed messages as recent without claiming them', async () => {
    const reader = await server.login();
    assert.deepEqual(recentLines((await reader.command('EXAMINE INBOX')).untagged), ['1 RECENT']);
    assert.deepEqual((await reader.command('FETCH 1 (FLAGS)')).untagged, ['1 FETCH (FLAGS (\\Recent))']);
    assert.deepEqual((await reader.command('STATUS INBOX (RECENT)')).untagged, ['STATUS INBOX (RECENT 1)']);
  });

  test('an IMAP4rev2 session sees no RECENT and claims nothing', async () => {
    const modern = await server.login();
    assert.deepEqual((await modern.command('ENABLE IMAP4rev2')).untagged, ['ENABLED IMAP4rev2']);
    assert.deepEqual(recentLines((await modern.command('SELECT INBOX')).untagged), []);
    assert.deepEqual((await modern.command('FETCH 1 (FLAGS)')).untagged, ['1 FETCH (FLAGS ())']);
    await server.deliver(USER, message('second'));
    assert.deepEqual((await modern.command('NOOP')).untagged, ['2 EXISTS']);
    const search = await modern.command('SEARCH RECENT');
    assert.deepEqual(search.untagged, [`ESEARCH (TAG "${search.tagged.tag}")`]);
    const classic = await server.login();
    assert.deepEqual(recentLines((await classic.command('SELECT INBOX')).untagged), ['2 RECENT']);
  });
});
