import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startMailboxServer, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

let server: MailboxServer;
let client: ImapTestClient;
const reply = async (command: string): Promise<string> => {
  const { tagged } = await client.command(command);
  return `${tagged.status}${tagged.code === null ? '' : ` [${tagged.code}]`} ${tagged.text}`;
};
const names = async (pattern: string): Promise<string[]> => (await client.command(`LIST "" "${pattern}"`)).untagged;

before(async () => {
  server = await startMailboxServer();
  client = await server.login();
});
after(() => server.stop());

test('CREATE makes missing parents, ignores a trailing delimiter and refuses an existing name with ALREADYEXISTS', async () => {
  assert.equal(await reply('CREATE Projects/2024/'), 'OK CREATE completed');
  assert.deepEqual(await names('Projects*'), ['LIST (\\HasChildren) "/" Projects', 'LIST (\\HasNoChildren) "/" Projects/2024']);
  assert.equal(await reply('CREATE Projects'), 'NO [ALREADYEXISTS] Mailbox already exists');
  assert.equal(await reply('CREATE inbox'), 'NO [ALREADYEXISTS] Mailbox already exists');
});

test('CREATE with USE sets a special use and refuses an unknown one with USEATTR', async () => {
  assert.equal(await reply('CREATE Outbox (USE (\\Sent))'), 'OK CREATE completed');
  assert.deepEqual(await names('Outbox'), ['LIST (\\HasNoChildren \\Sent) "/" Outbox']);
  assert.equal(await reply('CREATE Everything (USE (\\All))'), 'NO [USEATTR] Not a supported special use');
  assert.equal(await reply('CREATE Both (USE (\\Sent \\Trash))'), 'NO [USEATTR] Only one special use per mailbox');
});

test('DELETE refuses INBOX, a missing mailbox and one with children', async () => {
  assert.equal(await reply('DELETE INBOX'), 'NO [CANNOT] Not allowed for this mailbox name');
  assert.equal(await reply('DELETE Nowhere'), 'NO [NONEXISTENT] Mailbox does not exist');
  assert.equal(await reply('DELETE Projects'), 'NO [HASCHILDREN] Mailbox has children; delete them first');
  assert.equal(await reply('DELETE Projects/2024'), 'OK DELETE completed');
  assert.deepEqual(await names('Projects*'), ['LIST (\\HasNoChildren) "/" Projects']);
});

test('RENAME takes the children along and refuses an existing target', async () => {
  await client.command('CREATE Old/Child');
  assert.equal(await reply('RENAME Old New'), 'OK RENAME completed');
  assert.deepEqual(await names('New*'), ['LIST (\\HasChildren) "/" New', 'LIST (\\HasNoChildren) "/" New/Child']);
  assert.equal(await reply('RENAME New Projects'), 'NO [ALREADYEXISTS] Mailbox already exists');
  assert.equal(await reply('RENAME Missing Other'), 'NO [NONEXISTENT] Mailbox does not exist');
});

test('RENAME INBOX moves its messages into a new mailbox and leaves INBOX empty', async () => {
  await client.command(['APPEND INBOX () ', { literal: message('moved') }]);
  assert.equal(await reply('RENAME INBOX Saved'), 'OK RENAME completed');
  assert.deepEqual((await client.command('STATUS INBOX (MESSAGES)')).untagged, ['STATUS INBOX (MESSAGES 0)']);
  assert.deepEqual((await client.command('STATUS Saved (MESSAGES)')).untagged, ['STATUS Saved (MESSAGES 1)']);
});

test('SUBSCRIBE and UNSUBSCRIBE change what LSUB lists, for any name', async () => {
  assert.equal(await reply('SUBSCRIBE Projects'), 'OK SUBSCRIBE completed');
  assert.equal(await reply('SUBSCRIBE Future'), 'OK SUBSCRIBE completed');
  assert.deepEqual((await client.command('LSUB "" "P*"')).untagged, ['LSUB () "/" Projects']);
  assert.deepEqual((await client.command('LSUB "" "F*"')).untagged, ['LSUB (\\Noselect) "/" Future']);
  assert.equal(await reply('UNSUBSCRIBE Projects'), 'OK UNSUBSCRIBE completed');
  assert.equal(await reply('UNSUBSCRIBE Projects'), 'OK UNSUBSCRIBE completed');
  assert.deepEqual((await client.command('LSUB "" "P*"')).untagged, []);
});
