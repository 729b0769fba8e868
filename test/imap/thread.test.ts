import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../mime/analyse.ts';
import type { MessageData } from '../../src/imap/search/message-data.ts';
import { threadByReferences } from '../../src/imap/thread/references.ts';
import { threadByOrderedSubject } from '../../src/imap/thread/ordered-subject.ts';
import { formatThreads } from '../../src/imap/thread/thread-tree.ts';
import type { MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';
import { searchServer } from '../helpers/imap-search-messages.ts';

/** Message n (its UID) with the given header lines, analysed like a delivery. */
function messageData(uid: number, headers: string): MessageData {
  const summary = analyse(Buffer.from(`${headers}\r\n\r\nbody\r\n`)).summary;
  const entry = { uid, modseq: 1, size: 10, blobHash: '', prefix: '', flags: [], internalDate: uid * 1000, messageId: uid };
  return { entry, summary };
}

const number = (data: MessageData): number => data.entry.uid;

describe('threading algorithms', () => {
  const messages = [
    messageData(1, 'Message-ID: <a@x>\r\nSubject: Plans\r\nDate: 1 Jan 2025 10:00 +0000'),
    messageData(2, 'Message-ID: <c@x>\r\nSubject: Re: Plans\r\nDate: 1 Jan 2025 12:00 +0000\r\nIn-Reply-To: <b@x>'),
    messageData(3, 'Message-ID: <d@x>\r\nSubject: Other\r\nDate: 1 Jan 2025 11:00 +0000'),
    messageData(4, 'Message-ID: <e@x>\r\nSubject: Re: Plans\r\nDate: 1 Jan 2025 13:00 +0000'),
    messageData(5, 'Message-ID: <f@x>\r\nSubject: Re: Other\r\nDate: 1 Jan 2025 14:00 +0000'),
  ];

  test('ORDEREDSUBJECT groups by base subject under the earliest message, threads by date', () => {
    assert.equal(formatThreads(threadByOrderedSubject(messages), number), 'THREAD (1 (2)(4))(3 5)');
  });

  test('REFERENCES links replies, keeps a missing parent as a dummy and merges roots by subject', () => {
    const inputs = messages.map((data) => ({ data, references: data.entry.uid === 4 ? ['<a@x>', '<c@x>'] : [] }));
    // 4's References make 1 the parent of 2 and 2 the parent of 4; 2's unknown In-Reply-To <b@x> is a
    // dummy container that stays empty and is pruned. 5 joins 3 by its base subject.
    assert.equal(formatThreads(threadByReferences(inputs), number), 'THREAD (1 2 4)(3 5)');
  });

  test('REFERENCES ignores links that would form a loop', () => {
    const loop = [
      { data: messageData(1, 'Message-ID: <a@x>\r\nSubject: x\r\nDate: 1 Jan 2025 10:00 +0000'), references: ['<b@x>'] },
      { data: messageData(2, 'Message-ID: <b@x>\r\nSubject: y\r\nDate: 1 Jan 2025 11:00 +0000'), references: ['<a@x>'] },
    ];
    assert.equal(formatThreads(threadByReferences(loop), number), 'THREAD (2 1)');
  });
});

describe('THREAD over a session', () => {
  let server: MailboxServer;
  let client: ImapTestClient;
  before(async () => ({ server, client } = await searchServer()));
  after(() => server.stop());

  test('threads by References and In-Reply-To', async () => {
    assert.deepEqual((await client.command('THREAD REFERENCES UTF-8 ALL')).untagged, ['THREAD (1 2)(3)']);
  });

  test('threads by ordered subject with UIDs for UID THREAD', async () => {
    assert.deepEqual((await client.command('UID THREAD ORDEREDSUBJECT UTF-8 ALL')).untagged, ['THREAD (1 2)(3)']);
  });

  test('threads only the messages the criteria select', async () => {
    assert.deepEqual((await client.command('THREAD REFERENCES US-ASCII NOT SUBJECT lunch')).untagged, ['THREAD (1 2)']);
    assert.deepEqual((await client.command('THREAD REFERENCES UTF-8 SUBJECT nothing')).untagged, ['THREAD']);
  });
});
