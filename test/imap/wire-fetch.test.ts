import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FetchItem, ImapCommand } from '../../src/imap/wire/index.ts';
import { parsed, parseErrorText } from '../helpers/imap-wire.ts';

function fetch(line: string): Extract<ImapCommand, { name: 'FETCH' }> {
  const command = parsed(line);
  assert.equal(command.name, 'FETCH');
  return command;
}

function items(text: string): readonly FetchItem[] {
  return fetch(`a FETCH 1 ${text}\r\n`).items;
}

const WHOLE = { part: [], text: null };

test('expands the ALL, FAST and FULL macros', () => {
  assert.deepEqual(items('ALL'), [{ kind: 'FLAGS' }, { kind: 'INTERNALDATE' }, { kind: 'RFC822.SIZE' }, { kind: 'ENVELOPE' }]);
  assert.deepEqual(items('fast'), [{ kind: 'FLAGS' }, { kind: 'INTERNALDATE' }, { kind: 'RFC822.SIZE' }]);
  assert.deepEqual(items('FULL'), [{ kind: 'FLAGS' }, { kind: 'INTERNALDATE' }, { kind: 'RFC822.SIZE' }, { kind: 'ENVELOPE' }, { kind: 'BODY' }]);
});

test('parses every simple fetch attribute', () => {
  assert.deepEqual(items('(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE UID MODSEQ RFC822 RFC822.HEADER RFC822.TEXT EMAILID THREADID)'),
    ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY', 'BODYSTRUCTURE', 'UID', 'MODSEQ', 'RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'EMAILID', 'THREADID'].map((kind) => ({ kind })));
});

const SECTIONS: ReadonlyArray<readonly [string, FetchItem]> = [
  ['BODY[]', { kind: 'BODY[]', peek: false, section: WHOLE, partial: null }],
  ['BODY.PEEK[]<0.2048>', { kind: 'BODY[]', peek: true, section: WHOLE, partial: { offset: 0, length: 2048 } }],
  ['BODY[HEADER]', { kind: 'BODY[]', peek: false, section: { part: [], text: { kind: 'HEADER' } }, partial: null }],
  ['body[text]', { kind: 'BODY[]', peek: false, section: { part: [], text: { kind: 'TEXT' } }, partial: null }],
  ['BODY[1.2]', { kind: 'BODY[]', peek: false, section: { part: [1, 2], text: null }, partial: null }],
  ['BODY[1.2.MIME]', { kind: 'BODY[]', peek: false, section: { part: [1, 2], text: { kind: 'MIME' } }, partial: null }],
  ['BODY[3.HEADER]<10.5>', { kind: 'BODY[]', peek: false, section: { part: [3], text: { kind: 'HEADER' } }, partial: { offset: 10, length: 5 } }],
  ['BODY.PEEK[HEADER.FIELDS (From To "Message-ID")]', { kind: 'BODY[]', peek: true, section: { part: [], text: { kind: 'HEADER.FIELDS', fields: ['FROM', 'TO', 'MESSAGE-ID'] } }, partial: null }],
  ['BODY[2.HEADER.FIELDS.NOT (Received)]', { kind: 'BODY[]', peek: false, section: { part: [2], text: { kind: 'HEADER.FIELDS.NOT', fields: ['RECEIVED'] } }, partial: null }],
  ['BINARY[1]', { kind: 'BINARY[]', peek: false, part: [1], partial: null }],
  ['BINARY.PEEK[]<0.10>', { kind: 'BINARY[]', peek: true, part: [], partial: { offset: 0, length: 10 } }],
  ['BINARY.SIZE[1.1]', { kind: 'BINARY.SIZE', part: [1, 1] }],
];

for (const [text, expected] of SECTIONS) {
  test(`parses the fetch attribute ${text}`, () => {
    assert.deepEqual(items(text), [expected]);
  });
}

test('parses the CHANGEDSINCE and VANISHED modifiers', () => {
  const command = fetch('a UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n');
  assert.deepEqual(command, {
    name: 'FETCH', uid: true, set: { kind: 'ranges', ranges: [{ start: 300, end: 500 }] }, items: [{ kind: 'FLAGS' }], changedSince: 12345, vanished: true,
  });
});

const ERRORS: ReadonlyArray<readonly [string, string]> = [
  ['a FETCH 1 BOGUS\r\n', 'Unknown fetch item "BOGUS"'],
  ['a FETCH 1 ()\r\n', 'Empty list'],
  ['a FETCH 1 BODY[1.]\r\n', 'Expected a section name'],
  ['a FETCH 1 BODY[MIME]\r\n', 'Invalid section "MIME"'],
  ['a FETCH 1 BODY[0]\r\n', 'Zero is not allowed for a section part number'],
  ['a FETCH 1 BODY[]<5>\r\n', 'Expected "."'],
  ['a FETCH 1 BODY[]<5.0>\r\n', 'Zero is not allowed for a partial length'],
  ['a FETCH 1 BODY[HEADER.FIELDS ()]\r\n', 'Empty list'],
  ['a FETCH 1 BINARY[1.TEXT]\r\n', 'Invalid binary section'],
  ['a FETCH 1 FLAGS (VANISHED)\r\n', 'VANISHED requires CHANGEDSINCE'],
  ['a FETCH 1 FLAGS (CHANGEDSINCE 5 VANISHED)\r\n', 'VANISHED needs UID FETCH'],
  ['a FETCH 1 FLAGS (BOGUS)\r\n', 'Unknown FETCH modifier'],
  ['a FETCH 1 FLAGS ENVELOPE\r\n', 'Expected a parenthesised list'],
];

for (const [line, text] of ERRORS) {
  test(`rejects ${JSON.stringify(line.split('\r\n')[0])} with "${text}"`, () => {
    assert.equal(parseErrorText(line), text);
  });
}
