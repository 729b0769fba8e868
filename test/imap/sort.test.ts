import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseSubject } from '../../src/imap/sort/base-subject.ts';
import type { MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';
import { searchServer } from '../helpers/imap-search-messages.ts';

describe('base subject extraction (RFC 5256 §2.1)', () => {
  test('removes reply and forward leaders, list blobs and trailers', () => {
    assert.deepEqual(baseSubject('Re: Fwd: [list] Hello   world (fwd)'), { subject: 'Hello world', isReply: true });
    assert.deepEqual(baseSubject('RE [2]: re:Hello'), { subject: 'Hello', isReply: true });
    assert.deepEqual(baseSubject('[PATCH] fix it'), { subject: 'fix it', isReply: false });
  });

  test('unwraps [fwd: …] and keeps a blob that is the whole subject', () => {
    assert.deepEqual(baseSubject('[Fwd: Re: status]'), { subject: 'status', isReply: true });
    assert.deepEqual(baseSubject('[only a blob]'), { subject: '[only a blob]', isReply: false });
  });

  test('decodes encoded words and treats a missing subject as empty', () => {
    assert.deepEqual(baseSubject('=?UTF-8?Q?Re=3A_Gr=C3=BC=C3=9Fe?='), { subject: 'Grüße', isReply: true });
    assert.deepEqual(baseSubject(null), { subject: '', isReply: false });
  });
});

describe('SORT over a session', () => {
  let server: MailboxServer;
  let client: ImapTestClient;
  before(async () => ({ server, client } = await searchServer()));
  after(() => server.stop());

  test('sorts by base subject, keeping message-number order for ties', async () => {
    assert.deepEqual((await client.command('SORT (SUBJECT) UTF-8 ALL')).untagged, ['SORT 3 1 2']);
  });

  test('sorts by sent date in UTC, reversed', async () => {
    assert.deepEqual((await client.command('SORT (REVERSE DATE) UTF-8 ALL')).untagged, ['SORT 3 2 1']);
  });

  test('sorts UID SORT by the first sender mailbox and combines keys', async () => {
    assert.deepEqual((await client.command('UID SORT (FROM) UTF-8 ALL')).untagged, ['SORT 1 3 2']);
    assert.deepEqual((await client.command('SORT (TO REVERSE ARRIVAL) UTF-8 ALL')).untagged, ['SORT 3 2 1']);
  });

  test('sorts only what the search criteria select', async () => {
    assert.deepEqual((await client.command('SORT (SIZE) UTF-8 SUBJECT report')).untagged, ['SORT 1 2']);
    assert.deepEqual((await client.command('SORT (CC) UTF-8 SUBJECT nothing')).untagged, ['SORT']);
  });
});
