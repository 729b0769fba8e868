// COMPRESS=DEFLATE (RFC 4978): after the OK both directions are deflated; a second COMPRESS is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startImap } from '../helpers/imap-instance.ts';

test('runs commands over DEFLATE after COMPRESS and refuses a second one', async (t) => {
  const imap = await startImap(t);
  const client = await imap.loggedIn();
  assert.deepEqual((await client.compress()).tagged.text, 'DEFLATE active');
  assert.equal((await client.command('NAMESPACE', { tag: 'n' })).raw, '* NAMESPACE (("" "/")) NIL NIL\r\nn OK NAMESPACE completed\r\n');
  assert.equal((await client.command('COMPRESS DEFLATE', { tag: 'c' })).raw, 'c NO [COMPRESSIONACTIVE] DEFLATE is already active\r\n');
  assert.ok(!(await client.command('CAPABILITY')).untagged[0]!.includes('COMPRESS=DEFLATE'));
  assert.equal((await client.command('LOGOUT', { tag: 'z' })).raw, '* BYE Logging out\r\nz OK LOGOUT completed\r\n');
});

test('refuses COMPRESS before login with BAD and an unknown mechanism with BAD', async (t) => {
  const imap = await startImap(t);
  const client = await imap.connect();
  assert.equal((await client.command('COMPRESS DEFLATE', { tag: 'c' })).raw, 'c BAD COMPRESS needs authentication first\r\n');
  const logged = await imap.loggedIn();
  assert.equal((await logged.command('COMPRESS LZ4', { tag: 'd' })).raw, 'd BAD Unknown compression mechanism LZ4\r\n');
});
