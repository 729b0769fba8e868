import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMailboxName, decodeModifiedUtf7, encodeMailboxName, encodeModifiedUtf7 } from '../../src/imap/wire/index.ts';

const VECTORS: ReadonlyArray<readonly [string, string]> = [
  // RFC 3501 §5.1.3's example.
  ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
  ['INBOX', 'INBOX'],
  ['Tom & Jerry', 'Tom &- Jerry'],
  ['Entwürfe', 'Entw&APw-rfe'],
  ['Gesendete Objekte', 'Gesendete Objekte'],
  ['😀', '&2D3eAA-'],
  ['a\u00e9\u00e9b', 'a&AOkA6Q-b'],
];

for (const [unicode, wire] of VECTORS) {
  test(`encodes ${JSON.stringify(unicode)} as ${JSON.stringify(wire)} and decodes it back`, () => {
    assert.equal(encodeModifiedUtf7(unicode), wire);
    assert.equal(decodeModifiedUtf7(wire), unicode);
  });
}

const INVALID: ReadonlyArray<readonly [string, string]> = [
  ['&U,BTFw', 'Unterminated modified UTF-7 in mailbox name'],
  ['&AGE-', 'Non-canonical modified UTF-7 in mailbox name'],
  ['&U,A-&U,A-', 'Non-canonical modified UTF-7 in mailbox name'],
  ['&U,B-', 'Invalid modified UTF-7 in mailbox name'],
  ['&U/A-', 'Invalid modified UTF-7 in mailbox name'],
  ['&2D0-', 'Invalid UTF-16 in mailbox name'],
  ['caf\u00e9', 'Mailbox name must be 7-bit; encode it in modified UTF-7'],
];

for (const [wire, message] of INVALID) {
  test(`rejects the bad encoding ${JSON.stringify(wire)}`, () => {
    assert.throws(() => decodeModifiedUtf7(wire), { name: 'ImapSyntaxError', message });
  });
}

test('normalises INBOX in any case and keeps UTF-8 names as they are when UTF-8 is enabled', () => {
  assert.equal(decodeMailboxName('inBox', false), 'INBOX');
  assert.equal(decodeMailboxName('Inbox/Sub', false), 'Inbox/Sub');
  assert.equal(decodeMailboxName('Entwürfe', true), 'Entwürfe');
  assert.equal(encodeMailboxName('Entwürfe', true), 'Entwürfe');
  assert.equal(encodeMailboxName('Entwürfe', false), 'Entw&APw-rfe');
  assert.throws(() => decodeMailboxName('a\tb', true), { message: 'Control character in mailbox name' });
});
