import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchKey } from '../../src/imap/wire/index.ts';
import { parsed, parseErrorText } from '../helpers/imap-wire.ts';

function criteria(line: string): SearchKey {
  const command = parsed(line);
  assert.equal(command.name, 'SEARCH');
  return command.criteria;
}

const DAY = { year: 2024, month: 2, day: 29 };

const KEYS: ReadonlyArray<readonly [string, SearchKey]> = [
  ['ALL', { kind: 'all' }],
  ['ANSWERED', { kind: 'flag', flag: '\\Answered', present: true }],
  ['unanswered', { kind: 'flag', flag: '\\Answered', present: false }],
  ['DELETED', { kind: 'flag', flag: '\\Deleted', present: true }],
  ['UNDELETED', { kind: 'flag', flag: '\\Deleted', present: false }],
  ['DRAFT', { kind: 'flag', flag: '\\Draft', present: true }],
  ['UNDRAFT', { kind: 'flag', flag: '\\Draft', present: false }],
  ['FLAGGED', { kind: 'flag', flag: '\\Flagged', present: true }],
  ['UNFLAGGED', { kind: 'flag', flag: '\\Flagged', present: false }],
  ['SEEN', { kind: 'flag', flag: '\\Seen', present: true }],
  ['UNSEEN', { kind: 'flag', flag: '\\Seen', present: false }],
  ['KEYWORD $Junk', { kind: 'flag', flag: '$Junk', present: true }],
  ['UNKEYWORD $Junk', { kind: 'flag', flag: '$Junk', present: false }],
  ['RECENT', { kind: 'recent' }],
  ['NEW', { kind: 'and', keys: [{ kind: 'recent' }, { kind: 'flag', flag: '\\Seen', present: false }] }],
  ['OLD', { kind: 'not', key: { kind: 'recent' } }],
  ['BCC bob', { kind: 'header', field: 'BCC', value: 'bob' }],
  ['CC "a b"', { kind: 'header', field: 'CC', value: 'a b' }],
  ['FROM alice', { kind: 'header', field: 'FROM', value: 'alice' }],
  ['SUBJECT {4}\r\nhi x', { kind: 'header', field: 'SUBJECT', value: 'hi x' }],
  ['TO carol', { kind: 'header', field: 'TO', value: 'carol' }],
  ['HEADER list-id ""', { kind: 'header', field: 'LIST-ID', value: '' }],
  ['BODY invoice', { kind: 'body', value: 'invoice' }],
  ['TEXT invoice', { kind: 'text', value: 'invoice' }],
  ['BEFORE 29-Feb-2024', { kind: 'internal-date', comparison: 'before', date: DAY }],
  ['ON "29-feb-2024"', { kind: 'internal-date', comparison: 'on', date: DAY }],
  ['SINCE 29-Feb-2024', { kind: 'internal-date', comparison: 'since', date: DAY }],
  ['SENTBEFORE 29-Feb-2024', { kind: 'sent-date', comparison: 'before', date: DAY }],
  ['SENTON 29-Feb-2024', { kind: 'sent-date', comparison: 'on', date: DAY }],
  ['SENTSINCE 1-Mar-2024', { kind: 'sent-date', comparison: 'since', date: { year: 2024, month: 3, day: 1 } }],
  ['LARGER 1000', { kind: 'larger', size: 1000 }],
  ['SMALLER 10', { kind: 'smaller', size: 10 }],
  ['1:3,*', { kind: 'sequence', set: { kind: 'ranges', ranges: [{ start: 1, end: 3 }, { start: '*', end: '*' }] } }],
  ['$', { kind: 'sequence', set: { kind: 'saved' } }],
  ['UID 10:*', { kind: 'uid', set: { kind: 'ranges', ranges: [{ start: 10, end: '*' }] } }],
  ['UID $', { kind: 'uid', set: { kind: 'saved' } }],
  ['NOT SEEN', { kind: 'not', key: { kind: 'flag', flag: '\\Seen', present: true } }],
  ['OR SEEN (FLAGGED DELETED)', {
    kind: 'or', left: { kind: 'flag', flag: '\\Seen', present: true },
    right: { kind: 'and', keys: [{ kind: 'flag', flag: '\\Flagged', present: true }, { kind: 'flag', flag: '\\Deleted', present: true }] },
  }],
  ['OR (SEEN) NOT OR DRAFT RECENT', {
    kind: 'or', left: { kind: 'flag', flag: '\\Seen', present: true },
    right: { kind: 'not', key: { kind: 'or', left: { kind: 'flag', flag: '\\Draft', present: true }, right: { kind: 'recent' } } },
  }],
  ['MODSEQ 620162338', { kind: 'modseq', modseq: 620162338, entry: null }],
  ['MODSEQ "/flags/\\\\draft" all 620162338', { kind: 'modseq', modseq: 620162338, entry: { name: '/flags/\\draft', type: 'all' } }],
  ['EMAILID M6d99ac3275bb4e', { kind: 'emailid', id: 'M6d99ac3275bb4e' }],
  ['THREADID T64b478a75b7ea9', { kind: 'threadid', id: 'T64b478a75b7ea9' }],
];

for (const [text, expected] of KEYS) {
  test(`parses the search key ${JSON.stringify(text.split('\r\n')[0])}`, () => {
    assert.deepEqual(criteria(`a SEARCH ${text}\r\n`), expected);
  });
}

test('treats several keys as their conjunction and keeps the charset', () => {
  assert.deepEqual(parsed('a UID SEARCH CHARSET utf-8 FROM x UNSEEN\r\n'), {
    name: 'SEARCH', uid: true, charset: 'UTF-8', return: null,
    criteria: { kind: 'and', keys: [{ kind: 'header', field: 'FROM', value: 'x' }, { kind: 'flag', flag: '\\Seen', present: false }] },
  });
});

test('parses ESEARCH return options, with RETURN () meaning ALL', () => {
  const none = { min: false, max: false, all: false, count: false, save: false };
  assert.deepEqual(parsed('a SEARCH RETURN (MIN MAX COUNT SAVE) CHARSET US-ASCII ALL\r\n'), {
    name: 'SEARCH', uid: false, charset: 'US-ASCII', criteria: { kind: 'all' }, return: { ...none, min: true, max: true, count: true, save: true },
  });
  assert.deepEqual(parsed('a SEARCH RETURN () ALL\r\n'), { name: 'SEARCH', uid: false, charset: null, criteria: { kind: 'all' }, return: { ...none, all: true } });
});

const ERRORS: ReadonlyArray<readonly [string, string]> = [
  ['a SEARCH\r\n', 'Expected a space'],
  ['a SEARCH FOO\r\n', 'Unknown search key "FOO"'],
  ['a SEARCH OR SEEN\r\n', 'Expected a space'],
  ['a SEARCH BEFORE 2024-02-29\r\n', 'Invalid date, expected dd-Mon-yyyy'],
  ['a SEARCH ON 30-Feb-2024\r\n', 'Invalid day of month'],
  ['a SEARCH SINCE 1-Foo-2024\r\n', 'Invalid month "Foo"'],
  ['a SEARCH KEYWORD \\Seen\r\n', 'Expected a keyword, not a system flag'],
  ['a SEARCH RETURN (BOGUS) ALL\r\n', 'Unknown RETURN option BOGUS'],
  ['a SEARCH LARGER x\r\n', 'Expected a size'],
  ['a SEARCH (SEEN\r\n', 'Expected ")"'],
  ['a SEARCH ()\r\n', 'Empty list'],
  ['a SEARCH MODSEQ "/flags/x" bogus 5\r\n', 'Invalid MODSEQ entry type'],
];

for (const [line, text] of ERRORS) {
  test(`rejects ${JSON.stringify(line.split('\r\n')[0])} with "${text}"`, () => {
    assert.equal(parseErrorText(line), text);
  });
}
