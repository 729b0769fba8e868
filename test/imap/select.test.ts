import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startMailboxServer, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

let server: MailboxServer;
let client: ImapTestClient;
let validity: string;
const FLAGS = '\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded $Junk $MDNSent $NotJunk';

before(async () => {
  server = await startMailboxServer();
  client = await server.login();
  await client.command(['APPEND INBOX (\\Seen) ', { literal: message('one') }]);
  const second = await client.command(['APPEND INBOX (custom) ', { literal: message('two') }]);
  validity = second.tagged.code!.split(' ')[1]!;
});
after(() => server.stop());

test('SELECT answers an IMAP4rev1 client with FLAGS, EXISTS, RECENT, UNSEEN, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and MAILBOXID', async () => {
  const result = await client.command('SELECT INBOX');
  assert.deepEqual(result.untagged, [
    `FLAGS (${FLAGS} custom)`,
    `OK [PERMANENTFLAGS (${FLAGS} custom \\*)] Flags permitted`,
    '2 EXISTS',
    '2 RECENT',
    'OK [UNSEEN 2] First unseen',
    `OK [UIDVALIDITY ${validity}] UIDs valid`,
    'OK [UIDNEXT 3] Predicted next UID',
    'OK [HIGHESTMODSEQ 3] Highest',
    `OK [MAILBOXID (M1-${validity})] Ok`,
  ]);
  assert.deepEqual(result.tagged, { tag: result.tagged.tag, status: 'OK', code: 'READ-WRITE', text: 'SELECT completed' });
});

test('EXAMINE of another mailbox closes the selected one and is read-only with empty PERMANENTFLAGS', async () => {
  const result = await client.command('EXAMINE Sent');
  assert.equal(result.untagged[0], 'OK [CLOSED] Previous mailbox closed');
  assert.equal(result.untagged[2], 'OK [PERMANENTFLAGS ()] Read-only mailbox');
  assert.equal(result.untagged[3], '0 EXISTS');
  assert.deepEqual([result.tagged.code, result.tagged.text], ['READ-ONLY', 'EXAMINE completed']);
  assert.deepEqual((await client.command('EXPUNGE')).tagged, { tag: 'A' + (Number(result.tagged.tag.slice(1)) + 1), status: 'NO', code: 'READ-ONLY', text: 'Mailbox is read-only' });
});

test('a failed SELECT leaves no mailbox selected', async () => {
  await client.command('SELECT INBOX');
  const failed = await client.command('SELECT Nowhere');
  assert.deepEqual(failed.untagged, ['OK [CLOSED] Previous mailbox closed']);
  assert.deepEqual([failed.tagged.status, failed.tagged.code, failed.tagged.text], ['NO', 'NONEXISTENT', 'Mailbox does not exist']);
  assert.equal((await client.command('CHECK')).tagged.status, 'BAD');
});

test('an IMAP4rev2 client gets a LIST response and no RECENT or UNSEEN', async () => {
  const rev2 = await server.login();
  await rev2.command('ENABLE IMAP4rev2');
  const result = await rev2.command('SELECT inbox');
  assert.deepEqual(result.untagged.slice(2), [
    '2 EXISTS',
    `OK [UIDVALIDITY ${validity}] UIDs valid`,
    'OK [UIDNEXT 3] Predicted next UID',
    'OK [HIGHESTMODSEQ 3] Highest',
    `OK [MAILBOXID (M1-${validity})] Ok`,
    'LIST () "/" INBOX',
  ]);
});

test('SELECT with QRESYNC parameters before ENABLE QRESYNC is BAD', async () => {
  const result = await client.command(`SELECT INBOX (QRESYNC (${validity} 1))`);
  assert.deepEqual([result.tagged.status, result.tagged.text], ['BAD', 'QRESYNC is not enabled']);
});

test('CHECK answers OK, UNSELECT and CLOSE return to the authenticated state', async () => {
  await client.command('SELECT INBOX');
  assert.equal((await client.command('CHECK')).tagged.text, 'CHECK completed');
  assert.deepEqual((await client.command('UNSELECT')).untagged, []);
  assert.equal((await client.command('CLOSE')).tagged.status, 'BAD');
  await client.command('SELECT INBOX');
  const closed = await client.command('CLOSE');
  assert.deepEqual([closed.untagged, closed.tagged.text], [[], 'CLOSE completed']);
});

test('CLOSE silently removes \\Deleted messages of a read-write mailbox', async () => {
  await client.command(['APPEND Drafts (\\Deleted) ', { literal: message('doomed') }]);
  await client.command(['APPEND Drafts () ', { literal: message('kept') }]);
  await client.command('EXAMINE Drafts');
  await client.command('CLOSE');
  assert.deepEqual((await client.command('STATUS Drafts (MESSAGES)')).untagged, ['STATUS Drafts (MESSAGES 2)']);
  await client.command('SELECT Drafts');
  const closed = await client.command('CLOSE');
  assert.deepEqual(closed.untagged, []);
  assert.deepEqual((await client.command('STATUS Drafts (MESSAGES)')).untagged, ['STATUS Drafts (MESSAGES 1)']);
});

test('STATUS reports every item in the order asked, RECENT 0 once SELECT claimed the messages', async () => {
  const result = await client.command('STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE HIGHESTMODSEQ APPENDLIMIT MAILBOXID)');
  const size = Buffer.byteLength(message('one')) + Buffer.byteLength(message('two'));
  assert.deepEqual(result.untagged, [
    `STATUS INBOX (MESSAGES 2 RECENT 0 UIDNEXT 3 UIDVALIDITY ${validity} UNSEEN 1 DELETED 0 SIZE ${size} HIGHESTMODSEQ 3 APPENDLIMIT 67108864 MAILBOXID (M1-${validity}))`,
  ]);
  assert.deepEqual((await client.command('STATUS Nowhere (MESSAGES)')).tagged.code, 'NONEXISTENT');
});
