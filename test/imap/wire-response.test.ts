import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResponseCode } from '../../src/imap/wire/index.ts';
import {
  buildFetchResponse,
  expandSequenceSet,
  formatAstring,
  formatBodyItemName,
  formatContinuation,
  formatDateTime,
  formatMailbox,
  formatNString,
  formatSequenceSet,
  formatStatusResponse,
  formatString,
  formatUntagged,
  literalPrefix,
} from '../../src/imap/wire/index.ts';

test('formats tagged and untagged status responses with and without a response code', () => {
  assert.equal(formatStatusResponse({ tag: 'a1', status: 'OK', code: null, text: 'NOOP completed' }), 'a1 OK NOOP completed\r\n');
  assert.equal(formatStatusResponse({ tag: null, status: 'BYE', code: null, text: 'Logging out' }), '* BYE Logging out\r\n');
  assert.equal(formatStatusResponse({ tag: 'a2', status: 'NO', code: { name: 'TRYCREATE' }, text: 'No such mailbox' }), 'a2 NO [TRYCREATE] No such mailbox\r\n');
  assert.equal(formatStatusResponse({ tag: 'a3', status: 'BAD', code: null, text: 'line\r\nbreak' }), 'a3 BAD line  break\r\n');
  assert.equal(formatStatusResponse({ tag: 'a4', status: 'OK', code: { name: 'READ-WRITE' }, text: '' }), 'a4 OK [READ-WRITE] OK\r\n');
});

const CODES: ReadonlyArray<readonly [ResponseCode, string]> = [
  [{ name: 'UIDNEXT', value: 4392 }, 'UIDNEXT 4392'],
  [{ name: 'UIDVALIDITY', value: 3857529045 }, 'UIDVALIDITY 3857529045'],
  [{ name: 'HIGHESTMODSEQ', value: 715194045007 }, 'HIGHESTMODSEQ 715194045007'],
  [{ name: 'APPENDLIMIT', value: 26214400 }, 'APPENDLIMIT 26214400'],
  [{ name: 'APPENDUID', uidValidity: 38505, uids: [3955] }, 'APPENDUID 38505 3955'],
  [{ name: 'APPENDUID', uidValidity: 38505, uids: [3955, 3956, 3957, 3960] }, 'APPENDUID 38505 3955:3957,3960'],
  [{ name: 'COPYUID', uidValidity: 38505, source: [304, 319, 320], destination: [3956, 3957, 3958] }, 'COPYUID 38505 304,319:320 3956:3958'],
  [{ name: 'CAPABILITY', capabilities: ['IMAP4rev1', 'IMAP4rev2', 'LITERAL+'] }, 'CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+'],
  [{ name: 'PERMANENTFLAGS', flags: ['\\Deleted', '\\Seen', '\\*'] }, 'PERMANENTFLAGS (\\Deleted \\Seen \\*)'],
  [{ name: 'BADCHARSET', charsets: ['UTF-8', 'US-ASCII'] }, 'BADCHARSET (UTF-8 US-ASCII)'],
  [{ name: 'MODIFIED', numbers: [9, 7, 8, 12] }, 'MODIFIED 7:9,12'],
  [{ name: 'MAILBOXID', id: 'F2212ea87-6097-4256-9d51-71338625' }, 'MAILBOXID (F2212ea87-6097-4256-9d51-71338625)'],
  [{ name: 'TOOBIG' }, 'TOOBIG'],
  [{ name: 'CLIENTBUG' }, 'CLIENTBUG'],
  [{ name: 'SERVERBUG' }, 'SERVERBUG'],
  [{ name: 'ALREADYEXISTS' }, 'ALREADYEXISTS'],
  [{ name: 'NONEXISTENT' }, 'NONEXISTENT'],
  [{ name: 'OVERQUOTA' }, 'OVERQUOTA'],
  [{ name: 'UIDNOTSTICKY' }, 'UIDNOTSTICKY'],
  [{ name: 'CANNOT' }, 'CANNOT'],
  [{ name: 'LIMIT' }, 'LIMIT'],
];

for (const [code, wire] of CODES) {
  test(`formats the response code [${wire}]`, () => {
    assert.equal(formatStatusResponse({ tag: 't', status: 'OK', code, text: 'done' }), `t OK [${wire}] done\r\n`);
  });
}

test('formats continuation requests and untagged data', () => {
  assert.equal(formatContinuation('Ready'), '+ Ready\r\n');
  assert.equal(formatUntagged('3 EXISTS'), '* 3 EXISTS\r\n');
});

test('chooses atom, quoted string or literal for each value', () => {
  assert.equal(formatAstring('INBOX', false), 'INBOX');
  assert.equal(formatAstring('NIL', false), '"NIL"');
  assert.equal(formatAstring('', false), '""');
  assert.equal(formatAstring('a b', false), '"a b"');
  assert.equal(formatAstring('x]', false), '"x]"');
  assert.equal(formatString('say "hi" \\', false), '"say \\"hi\\" \\\\"');
  assert.equal(formatString('two\r\nlines', false), '{10}\r\ntwo\r\nlines');
  assert.equal(formatString('café', false), '{5}\r\ncafé');
  assert.equal(formatString('café', true), '"café"');
  assert.equal(formatString('x'.repeat(1025), true), `{1025}\r\n${'x'.repeat(1025)}`);
  assert.equal(formatNString(null, false), 'NIL');
  assert.equal(formatMailbox('日本語', false), '&ZeVnLIqe-');
  assert.equal(formatMailbox('Sent Items', false), '"Sent Items"');
  assert.equal(literalPrefix(5, true), '~{5}\r\n');
});

test('compresses sequence sets and expands them against the largest number', () => {
  assert.equal(formatSequenceSet([5, 1, 2, 3, 4, 7, 7]), '1:5,7');
  assert.equal(formatSequenceSet([]), '');
  assert.deepEqual(expandSequenceSet({ kind: 'ranges', ranges: [{ start: 4, end: 2 }, { start: '*', end: 9 }, { start: 3, end: 3 }] }, 6), [2, 3, 4, 6]);
});

test('formats INTERNALDATE in UTC', () => {
  assert.equal(formatDateTime(Date.UTC(1994, 1, 8, 5, 52, 25)), '"08-Feb-1994 05:52:25 +0000"');
});

test('builds a FETCH response whose body literals are blob ranges to stream', () => {
  const range = { kind: 'blob-range', source: 'abc123', offset: 100, length: 500 } as const;
  const prefix = Buffer.from('Delivered-To: a@b\r\n');
  const name = formatBodyItemName('BODY', { part: [1, 2], text: null }, { offset: 100, length: 500 });
  assert.deepEqual(buildFetchResponse(12, [
    { name: 'UID', value: '7' },
    { name: 'FLAGS', value: '(\\Seen)' },
    { name, body: [prefix, range], binary: false },
    { name: 'BINARY[1]', body: [range], binary: true },
    { name: 'MODSEQ', value: '(9)' },
  ]), [
    `* 12 FETCH (UID 7 FLAGS (\\Seen) BODY[1.2]<100> {${prefix.length + 500}}\r\n`,
    prefix,
    range,
    ' BINARY[1] ~{500}\r\n',
    range,
    ' MODSEQ (9))\r\n',
  ]);
});

test('names body sections in responses without PEEK and with only the partial origin', () => {
  assert.equal(formatBodyItemName('BODY', { part: [], text: { kind: 'HEADER.FIELDS', fields: ['FROM', 'TO'] } }, null), 'BODY[HEADER.FIELDS (FROM TO)]');
  assert.equal(formatBodyItemName('BODY', { part: [2], text: { kind: 'MIME' } }, null), 'BODY[2.MIME]');
  assert.equal(formatBodyItemName('BINARY', { part: [], text: null }, { offset: 0, length: 10 }), 'BINARY[]<0>');
  assert.deepEqual(buildFetchResponse(1, [{ name: 'BODY[]', body: [], binary: false }]), ['* 1 FETCH (BODY[] {0}\r\n)\r\n']);
});
