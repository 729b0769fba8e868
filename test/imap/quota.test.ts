import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { message, startMailboxServer, type MailboxServer } from '../helpers/imap-mailbox-server.ts';

let server: MailboxServer;

before(async () => {
  server = await startMailboxServer([
    { address: 'limited@example.test', quotaBytes: 10 * 1024 * 1024 },
    { address: 'free@example.test' },
    { address: 'counted@example.test', quotaMessages: 2 },
  ]);
});
after(() => server.stop());

test('GETQUOTAROOT names the account root "" and reports STORAGE in KiB', async () => {
  const client = await server.login('limited@example.test');
  await client.command(['APPEND INBOX ', { literal: message('one', 'x'.repeat(2000)) }]);
  const result = await client.command('GETQUOTAROOT INBOX');
  assert.deepEqual(result.untagged, ['QUOTAROOT INBOX ""', 'QUOTA "" (STORAGE 3 10240)']);
  assert.equal(result.tagged.text, 'GETQUOTAROOT completed');
  assert.deepEqual((await client.command('GETQUOTA ""')).untagged, ['QUOTA "" (STORAGE 3 10240)']);
});

test('GETQUOTA reports MESSAGE used and limit, and APPEND past the message limit is NO [OVERQUOTA]', async () => {
  const client = await server.login('counted@example.test');
  await client.command(['APPEND INBOX ', { literal: message('one') }]);
  assert.deepEqual((await client.command('GETQUOTAROOT INBOX')).untagged, ['QUOTAROOT INBOX ""', 'QUOTA "" (MESSAGE 1 2)']);
  await client.command(['APPEND INBOX ', { literal: message('two') }]);
  assert.deepEqual((await client.command('GETQUOTA ""')).untagged, ['QUOTA "" (MESSAGE 2 2)']);
  const refused = await client.command(['APPEND INBOX ', { literal: message('three') }]);
  assert.deepEqual([refused.tagged.status, refused.tagged.code], ['NO', 'OVERQUOTA']);
  const copy = await client.command('SELECT INBOX').then(() => client.command('COPY 1 Archive'));
  assert.deepEqual([copy.tagged.status, copy.tagged.code], ['NO', 'OVERQUOTA']);
});

test('an account without limits has no quota root', async () => {
  const client = await server.login('free@example.test');
  assert.deepEqual((await client.command('GETQUOTAROOT INBOX')).untagged, ['QUOTAROOT INBOX']);
  const missing = await client.command('GETQUOTA ""');
  assert.deepEqual([missing.tagged.status, missing.tagged.code], ['NO', 'NONEXISTENT']);
});

test('SETQUOTA is refused with NOPERM and GETQUOTAROOT of a missing mailbox with NONEXISTENT', async () => {
  const client = await server.login('limited@example.test');
  const set = await client.command('SETQUOTA "" (STORAGE 1)');
  assert.deepEqual([set.tagged.status, set.tagged.code, set.tagged.text], ['NO', 'NOPERM', 'Quotas are set by the administrator']);
  assert.equal((await client.command('GETQUOTAROOT Nowhere')).tagged.code, 'NONEXISTENT');
});
