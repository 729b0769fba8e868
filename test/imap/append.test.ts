import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { withCrlf } from '../../src/imap/commands/append.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import { message, startMailboxServer, USER, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

let server: MailboxServer;
let client: ImapTestClient;

before(async () => {
  server = await startMailboxServer();
  client = await server.login();
});
after(() => server.stop());

test('APPEND stores the message with flags and date and answers APPENDUID', async () => {
  const result = await client.command(['APPEND Drafts (\\Draft $Forwarded) "05-Mar-2024 10:00:00 +0100" ', { literal: message('draft') }]);
  const validity = (await client.command('STATUS Drafts (UIDVALIDITY)')).untagged[0]!.match(/UIDVALIDITY (\d+)/)![1];
  assert.deepEqual(result.tagged, { tag: result.tagged.tag, status: 'OK', code: `APPENDUID ${validity} 1`, text: 'APPEND completed' });
  const [stored] = await readMailbox(server.instance.dir, USER, 'Drafts');
  assert.equal(stored?.text, message('draft'));
  assert.equal((await client.command('STATUS Drafts (MESSAGES UNSEEN)')).untagged[0], 'STATUS Drafts (MESSAGES 1 UNSEEN 1)');
});

test('APPEND to a missing mailbox is NO [TRYCREATE]', async () => {
  const result = await client.command(['APPEND Nowhere ', { literal: message('lost'), plus: true }]);
  assert.deepEqual([result.tagged.status, result.tagged.code, result.tagged.text], ['NO', 'TRYCREATE', 'Mailbox does not exist']);
});

test('APPEND stores bare line feeds as CRLF', async () => {
  await client.command(['APPEND Junk ', { literal: 'Subject: lf\n\nline one\nline two\n' }]);
  const [stored] = await readMailbox(server.instance.dir, USER, 'Junk');
  assert.equal(stored?.text, 'Subject: lf\r\n\r\nline one\r\nline two\r\n');
  assert.equal(withCrlf(Buffer.from('a\r\nb\nc')).toString(), 'a\r\nb\r\nc');
});

test('APPEND to the selected mailbox is announced with EXISTS', async () => {
  await client.command('SELECT Archive');
  const result = await client.command(['APPEND Archive ', { literal: message('archived') }]);
  assert.deepEqual(result.untagged, ['1 EXISTS', '1 RECENT']);
});

test('APPEND over the account quota is NO [OVERQUOTA]', async () => {
  const small = await startMailboxServer([{ address: 'tiny@example.test', quotaBytes: 100 }]);
  try {
    const tiny = await small.login('tiny@example.test');
    const result = await tiny.command(['APPEND INBOX ', { literal: message('big', 'x'.repeat(200)) }]);
    assert.deepEqual([result.tagged.status, result.tagged.code, result.tagged.text], ['NO', 'OVERQUOTA', 'Quota exceeded']);
  } finally {
    await small.stop();
  }
});
