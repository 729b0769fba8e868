import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImapCommand } from '../../src/imap/wire/index.ts';
import { parseLine, parsed, parseErrorText } from '../helpers/imap-wire.ts';

const ALL_SET = { kind: 'ranges', ranges: [{ start: 1, end: '*' }] } as const;
const NO_SELECTION = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
const NO_RETURN = { subscribed: false, children: false, specialUse: false, status: null };

const TABLE: ReadonlyArray<readonly [string, ImapCommand]> = [
  ['a CAPABILITY\r\n', { name: 'CAPABILITY' }],
  ['a noop\r\n', { name: 'NOOP' }],
  ['a LOGOUT\r\n', { name: 'LOGOUT' }],
  ['a STARTTLS\r\n', { name: 'STARTTLS' }],
  ['a CHECK\r\n', { name: 'CHECK' }],
  ['a CLOSE\r\n', { name: 'CLOSE' }],
  ['a UNSELECT\r\n', { name: 'UNSELECT' }],
  ['a IDLE\r\n', { name: 'IDLE' }],
  ['a NAMESPACE\r\n', { name: 'NAMESPACE' }],
  ['a AUTHENTICATE plain\r\n', { name: 'AUTHENTICATE', mechanism: 'PLAIN', initialResponse: null }],
  ['a AUTHENTICATE PLAIN AHVzZXIAcGFzcw==\r\n', { name: 'AUTHENTICATE', mechanism: 'PLAIN', initialResponse: 'AHVzZXIAcGFzcw==' }],
  ['a AUTHENTICATE PLAIN =\r\n', { name: 'AUTHENTICATE', mechanism: 'PLAIN', initialResponse: '' }],
  ['a LOGIN alice "p a\\"ss"\r\n', { name: 'LOGIN', username: 'alice', password: 'p a"ss' }],
  ['a LOGIN {5+}\r\nalice {3}\r\n\xc3\xa9x\r\n', { name: 'LOGIN', username: 'alice', password: 'éx' }],
  ['a ENABLE CONDSTORE utf8=accept\r\n', { name: 'ENABLE', capabilities: ['CONDSTORE', 'UTF8=ACCEPT'] }],
  ['a SELECT inbox\r\n', { name: 'SELECT', mailbox: 'INBOX', condstore: false, qresync: null }],
  ['a EXAMINE "Sent" (CONDSTORE)\r\n', { name: 'EXAMINE', mailbox: 'Sent', condstore: true, qresync: null }],
  ['a SELECT INBOX (QRESYNC (67890007 2005071519404500 41,43:211,214:541))\r\n', {
    name: 'SELECT', mailbox: 'INBOX', condstore: false,
    qresync: { uidValidity: 67890007, modseq: 2005071519404500, knownUids: { kind: 'ranges', ranges: [{ start: 41, end: 41 }, { start: 43, end: 211 }, { start: 214, end: 541 }] }, sequenceMatch: null },
  }],
  ['a SELECT INBOX (QRESYNC (1 2 1:9 (1,5 10,50)))\r\n', {
    name: 'SELECT', mailbox: 'INBOX', condstore: false,
    qresync: {
      uidValidity: 1, modseq: 2, knownUids: { kind: 'ranges', ranges: [{ start: 1, end: 9 }] },
      sequenceMatch: { sequences: { kind: 'ranges', ranges: [{ start: 1, end: 1 }, { start: 5, end: 5 }] }, uids: { kind: 'ranges', ranges: [{ start: 10, end: 10 }, { start: 50, end: 50 }] } },
    },
  }],
  ['a CREATE Archive/2024\r\n', { name: 'CREATE', mailbox: 'Archive/2024', specialUse: [] }],
  ['a CREATE MySent (USE (\\sent \\Archive))\r\n', { name: 'CREATE', mailbox: 'MySent', specialUse: ['\\Sent', '\\Archive'] }],
  ['a DELETE "&ZeVnLIqe-"\r\n', { name: 'DELETE', mailbox: '日本語' }],
  ['a RENAME old new\r\n', { name: 'RENAME', from: 'old', to: 'new' }],
  ['a SUBSCRIBE x\r\n', { name: 'SUBSCRIBE', mailbox: 'x' }],
  ['a UNSUBSCRIBE x\r\n', { name: 'UNSUBSCRIBE', mailbox: 'x' }],
  ['a LIST "" *\r\n', { name: 'LIST', reference: '', patterns: ['*'], selection: NO_SELECTION, return: NO_RETURN, extended: false }],
  ['a LIST "" %/%\r\n', { name: 'LIST', reference: '', patterns: ['%/%'], selection: NO_SELECTION, return: NO_RETURN, extended: false }],
  ['a LIST (SUBSCRIBED RECURSIVEMATCH) "" ("INBOX" Foo*) RETURN (CHILDREN SPECIAL-USE STATUS (MESSAGES UNSEEN SIZE))\r\n', {
    name: 'LIST', reference: '', patterns: ['INBOX', 'Foo*'],
    selection: { subscribed: true, remote: false, recursiveMatch: true, specialUse: false },
    return: { subscribed: true, children: true, specialUse: true, status: ['MESSAGES', 'UNSEEN', 'SIZE'] },
    extended: true,
  }],
  ['a LIST (SPECIAL-USE) "" * RETURN ()\r\n', { name: 'LIST', reference: '', patterns: ['*'], selection: { ...NO_SELECTION, specialUse: true }, return: NO_RETURN, extended: true }],
  ['a LSUB "" *\r\n', { name: 'LSUB', reference: '', pattern: '*' }],
  ['a STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE HIGHESTMODSEQ APPENDLIMIT MAILBOXID RECENT)\r\n', {
    name: 'STATUS', mailbox: 'INBOX', items: ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'DELETED', 'SIZE', 'HIGHESTMODSEQ', 'APPENDLIMIT', 'MAILBOXID', 'RECENT'],
  }],
  ['a APPEND INBOX {3}\r\nabc\r\n', { name: 'APPEND', mailbox: 'INBOX', messages: [{ flags: [], internalDate: null, content: Buffer.from('abc'), binary: false }] }],
  ['a APPEND INBOX (\\Seen $Forwarded \\seen) " 7-Feb-1994 21:52:25 -0800" {3+}\r\nabc\r\n', {
    name: 'APPEND', mailbox: 'INBOX',
    messages: [{ flags: ['\\Seen', '$Forwarded'], internalDate: Date.UTC(1994, 1, 8, 5, 52, 25), content: Buffer.from('abc'), binary: false }],
  }],
  ['a APPEND INBOX ~{2}\r\n\x00\x01\r\n', { name: 'APPEND', mailbox: 'INBOX', messages: [{ flags: [], internalDate: null, content: Buffer.from([0, 1]), binary: true }] }],
  ['a EXPUNGE\r\n', { name: 'EXPUNGE', uid: false }],
  ['a UID EXPUNGE 3:5\r\n', { name: 'EXPUNGE', uid: true, set: { kind: 'ranges', ranges: [{ start: 3, end: 5 }] } }],
  ['a STORE 1:* +FLAGS.SILENT (\\Deleted)\r\n', { name: 'STORE', uid: false, set: ALL_SET, unchangedSince: null, operation: 'add', silent: true, flags: ['\\Deleted'] }],
  ['a UID STORE $ (UNCHANGEDSINCE 0) -flags \\Seen $Junk\r\n', { name: 'STORE', uid: true, set: { kind: 'saved' }, unchangedSince: 0, operation: 'remove', silent: false, flags: ['\\Seen', '$Junk'] }],
  ['a STORE 2 FLAGS ()\r\n', { name: 'STORE', uid: false, set: { kind: 'ranges', ranges: [{ start: 2, end: 2 }] }, unchangedSince: null, operation: 'replace', silent: false, flags: [] }],
  ['a COPY 5:1 Trash\r\n', { name: 'COPY', uid: false, set: { kind: 'ranges', ranges: [{ start: 5, end: 1 }] }, mailbox: 'Trash' }],
  ['a UID MOVE 1:* "Junk Mail"\r\n', { name: 'MOVE', uid: true, set: ALL_SET, mailbox: 'Junk Mail' }],
  ['a ID ("name" "mutt" "version" NIL)\r\n', { name: 'ID', parameters: [['name', 'mutt'], ['version', null]] }],
  ['a ID NIL\r\n', { name: 'ID', parameters: null }],
  ['a UID SORT (REVERSE DATE subject) UTF-8 ALL\r\n', { name: 'SORT', uid: true, criteria: [{ key: 'DATE', reverse: true }, { key: 'SUBJECT', reverse: false }], charset: 'UTF-8', search: { kind: 'all' } }],
  ['a THREAD REFERENCES US-ASCII SEEN\r\n', { name: 'THREAD', uid: false, algorithm: 'REFERENCES', charset: 'US-ASCII', search: { kind: 'flag', flag: '\\Seen', present: true } }],
  ['a COMPRESS deflate\r\n', { name: 'COMPRESS', mechanism: 'DEFLATE' }],
  ['a GETQUOTA ""\r\n', { name: 'GETQUOTA', root: '' }],
  ['a GETQUOTAROOT INBOX\r\n', { name: 'GETQUOTAROOT', mailbox: 'INBOX' }],
  ['a SETQUOTA "" (STORAGE 512 message 1000)\r\n', { name: 'SETQUOTA', root: '', limits: [{ resource: 'STORAGE', limit: 512 }, { resource: 'MESSAGE', limit: 1000 }] }],
];

for (const [line, expected] of TABLE) {
  test(`parses ${JSON.stringify(line.split('\r\n')[0])} into a typed ${expected.name}`, () => {
    assert.deepEqual(parsed(line), expected);
  });
}

test('keeps the tag of the command in the result', () => {
  assert.deepEqual(parseLine('A0001 NOOP\r\n'), { ok: true, tag: 'A0001', command: { name: 'NOOP' } });
});

test('takes UTF-8 mailbox names as they are once UTF8=ACCEPT is enabled', () => {
  const utf8Line = Buffer.from('a SELECT "Entwürfe"\r\n').toString('latin1');
  assert.deepEqual(parsed(utf8Line, true), { name: 'SELECT', mailbox: 'Entwürfe', condstore: false, qresync: null });
  assert.deepEqual(parsed('a SELECT "&ZeVnLIqe-"\r\n', true), { name: 'SELECT', mailbox: '&ZeVnLIqe-', condstore: false, qresync: null });
  assert.equal(parseErrorText(utf8Line), 'Mailbox name must be 7-bit; encode it in modified UTF-7');
});

test('parses the APPEND UTF8 form only once UTF8=ACCEPT is enabled (RFC 6855 §4)', () => {
  const line = 'a APPEND INBOX UTF8 (~{1+}\r\nx) () {1+}\r\ny\r\n';
  assert.deepEqual(parsed(line, true, true), {
    name: 'APPEND', mailbox: 'INBOX',
    messages: [{ flags: [], internalDate: null, content: Buffer.from('x'), binary: true }, { flags: [], internalDate: null, content: Buffer.from('y'), binary: false }],
  });
  assert.equal(parseErrorText(line, true), 'APPEND UTF8 needs ENABLE UTF8=ACCEPT first');
});

test('refuses a charset label that conflicts with UTF8=ACCEPT (RFC 6855 §3, erratum 4029)', () => {
  assert.equal(parseErrorText('a SEARCH CHARSET UTF-8 ALL\r\n', true, true), 'SEARCH CHARSET conflicts with UTF8=ACCEPT');
  assert.equal(parseErrorText('a SORT (DATE) US-ASCII ALL\r\n', true, true), 'CHARSET US-ASCII conflicts with UTF8=ACCEPT');
  assert.deepEqual(parsed('a THREAD REFERENCES UTF-8 ALL\r\n', true, true), { name: 'THREAD', uid: false, algorithm: 'REFERENCES', charset: 'UTF-8', search: { kind: 'all' } });
});

const ERRORS: ReadonlyArray<readonly [string, string]> = [
  ['a FROB\r\n', 'Unknown command FROB'],
  ['a NOOP extra\r\n', 'Unexpected extra arguments'],
  ['a SELECT\r\n', 'Expected a space'],
  ['a SELECT INBOX (FOO)\r\n', 'Unknown SELECT parameter'],
  ['a LOGIN alice\r\n', 'Expected a space'],
  ['a LOGIN alice "unterminated\r\n', 'Unterminated quoted string'],
  ['a LOGIN alice "bad\\escape"\r\n', 'Invalid escape in quoted string'],
  ['a LOGIN {3}\r\na\x00b x\r\n', 'NUL in a literal'],
  ['a AUTHENTICATE PLAIN abc\r\n', 'Invalid base64 in the initial response'],
  ['a UID FROB 1\r\n', 'UID FROB is not a command'],
  ['a STORE 1 FLAGS (\\Recent)\r\n', 'Invalid system flag \\Recent'],
  ['a STORE 1 +FLAGZ (x)\r\n', 'Expected FLAGS, +FLAGS or -FLAGS'],
  ['a COPY 0 Trash\r\n', 'Invalid sequence number "0"'],
  ['a COPY 1:2:3 Trash\r\n', 'Invalid sequence range'],
  ['a COPY 1,$ Trash\r\n', 'Invalid sequence set'],
  ['a STATUS INBOX (MESSAGES BOGUS)\r\n', 'Unknown status item BOGUS'],
  ['a STATUS INBOX ()\r\n', 'Empty list'],
  ['a LIST (RECURSIVEMATCH) "" *\r\n', 'RECURSIVEMATCH needs another selection option'],
  ['a LIST "" * RETURN (BOGUS)\r\n', 'Unknown LIST return option BOGUS'],
  ['a APPEND INBOX\r\n', 'APPEND needs a message'],
  ['a APPEND INBOX "7-Feb-1994 21:52:25 -0800" {1}\r\nx\r\n', 'Invalid date-time, expected "dd-Mon-yyyy hh:mm:ss +zzzz"'],
  ['a APPEND INBOX "31-Feb-1994 21:52:25 -0800" {1}\r\nx\r\n', 'Invalid day of month'],
  ['a APPEND INBOX (\\Seen) "x"\r\n', 'Invalid date-time, expected "dd-Mon-yyyy hh:mm:ss +zzzz"'],
  ['a CREATE x (USE (Sent))\r\n', 'Expected a special-use attribute'],
  ['a SELECT "&Jjo"\r\n', 'Unterminated modified UTF-7 in mailbox name'],
  ['a SELECT "a&AGE-"\r\n', 'Non-canonical modified UTF-7 in mailbox name'],
  ['a SELECT "a\x01b"\r\n', 'Mailbox name must be 7-bit; encode it in modified UTF-7'],
  ['a THREAD BOGUS UTF-8 ALL\r\n', 'Unsupported threading algorithm BOGUS'],
  ['a SORT (NAME) UTF-8 ALL\r\n', 'Unknown sort key NAME'],
  ['a SORT (DATE) ALL\r\n', 'Unsupported charset ALL'],
  ['a ID (name)\r\n', 'Expected a string'],
  ['a COPY 99999999999 x\r\n', 'Invalid sequence number "99999999999"'],
  ['a FETCH 1 FLAGS (CHANGEDSINCE 9007199254740992)\r\n', 'Too large: a mod-sequence'],
  ['a SELECT "\xff"\r\n', 'Invalid UTF-8'],
];

for (const [line, text] of ERRORS) {
  test(`rejects ${JSON.stringify(line.split('\r\n')[0])} with "${text}"`, () => {
    assert.equal(parseErrorText(line), text);
  });
}

test('rejects an unsupported search charset with NO [BADCHARSET] listing the supported ones', () => {
  assert.deepEqual(parseLine('a SEARCH CHARSET KOI8-R ALL\r\n'), {
    ok: false, tag: 'a', error: { status: 'NO', code: 'BADCHARSET', codeArguments: ['UTF-8', 'US-ASCII'], text: 'Unsupported charset KOI8-R' },
  });
  assert.deepEqual(parseLine('a FROB\r\n'), { ok: false, tag: 'a', error: { status: 'BAD', code: null, codeArguments: [], text: 'Unknown command FROB' } });
});

test('bounds the nesting depth of parenthesised lists', () => {
  assert.equal(parseErrorText(`a SEARCH ${'('.repeat(40)}ALL${')'.repeat(40)}\r\n`), 'Too deeply nested parentheses');
  assert.equal(parseErrorText(`a SEARCH ${'NOT '.repeat(40)}ALL\r\n`), 'Too deeply nested search keys');
  assert.deepEqual(parsed(`a SEARCH ${'('.repeat(20)}ALL${')'.repeat(20)}\r\n`), { name: 'SEARCH', uid: false, charset: null, criteria: { kind: 'all' }, return: null });
});
