// IDLE (RFC 2177): waits for DONE; in the selected state, another session's APPEND is announced at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startImap } from '../helpers/imap-instance.ts';

test('answers IDLE with + idling and ends it with OK on DONE', async (t) => {
  const imap = await startImap(t);
  const client = await imap.loggedIn();
  client.send('i IDLE\r\n');
  assert.deepEqual(await client.next().then((r) => r.bytes.toString()), '+ idling\r\n');
  client.send('DONE\r\n');
  assert.equal((await client.readTagged('i')).raw, 'i OK IDLE terminated\r\n');
});

test('answers anything but DONE during IDLE with BAD', async (t) => {
  const imap = await startImap(t);
  const client = await imap.loggedIn();
  client.send('i IDLE\r\n');
  await client.next();
  client.send('NOOP\r\n');
  assert.equal((await client.readTagged('i')).raw, 'i BAD Expected DONE\r\n');
});

test('announces a message appended by another session while idling', async (t) => {
  const imap = await startImap(t);
  const idler = await imap.loggedIn();
  assert.equal((await idler.command('SELECT INBOX')).tagged.status, 'OK');
  idler.send('i IDLE\r\n');
  assert.equal((await idler.next()).kind, 'continuation');
  const other = await imap.loggedIn();
  const message = 'From: a@example.test\r\nSubject: hi\r\n\r\nhello\r\n';
  assert.equal((await other.command(['APPEND INBOX ', { literal: message }])).tagged.status, 'OK');
  assert.equal((await idler.next()).text, '1 EXISTS');
  idler.send('DONE\r\n');
  assert.equal((await idler.readTagged('i')).tagged.status, 'OK');
});
