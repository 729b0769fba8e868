// The pure wire layer: command parsing (a table of raw line → command or error) and the streaming
// byte-stuffer, whose output must not depend on how the message is cut into chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DotStuffer, LineReader, parseCommand } from '../../src/pop3/wire/index.ts';

test('parses command lines into typed commands, keywords in any case', () => {
  const table: Array<[string, unknown]> = [
    ['user alice@example.test', { name: 'USER', user: 'alice@example.test' }],
    ['PASS with spaces  inside', { name: 'PASS', password: 'with spaces  inside' }],
    ['PASS ', { name: 'PASS', password: '' }],
    ['Stat', { name: 'STAT' }],
    ['LIST', { name: 'LIST', message: null }],
    ['LIST 3', { name: 'LIST', message: 3 }],
    ['UIDL 12', { name: 'UIDL', message: 12 }],
    ['RETR 1', { name: 'RETR', message: 1 }],
    ['TOP 2 0', { name: 'TOP', message: 2, lines: 0 }],
    ['AUTH', { name: 'AUTH', mechanism: null, initialResponse: null }],
    ['AUTH plain', { name: 'AUTH', mechanism: 'PLAIN', initialResponse: null }],
    ['AUTH PLAIN =', { name: 'AUTH', mechanism: 'PLAIN', initialResponse: '' }],
    ['AUTH PLAIN AGFsaWNl', { name: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AGFsaWNl' }],
  ];
  for (const [line, command] of table) assert.deepEqual(parseCommand(line), { ok: true, command }, line);
});

test('refuses malformed command lines with the text of the -ERR', () => {
  const table: Array<[string, string]> = [
    ['', 'Empty command'],
    ['APOP alice digest', 'Unknown command'],
    ['USER', 'USER needs a name'],
    ['PASS', 'PASS needs a password'],
    ['RETR -1', 'RETR takes one message number'],
    ['DELE 1 2', 'DELE takes one message number'],
    ['LIST  1', 'LIST takes one message number'],
    ['TOP 1', 'TOP takes a message number and a number of lines'],
    ['QUIT now', 'QUIT takes no arguments'],
    ['AUTH PLAIN a b', 'AUTH takes a mechanism and an optional initial response'],
  ];
  for (const [line, text] of table) assert.deepEqual(parseCommand(line), { ok: false, text }, line);
});

test('frames CRLF and bare LF lines and reports a line over the limit', () => {
  const reader = new LineReader(10);
  reader.push(Buffer.from('STAT\r\nNOOP\nLI'));
  assert.deepEqual(reader.next(), { kind: 'line', text: 'STAT' });
  assert.deepEqual(reader.next(), { kind: 'line', text: 'NOOP' });
  assert.equal(reader.next(), null);
  reader.push(Buffer.from('ST 1\r\n'));
  assert.deepEqual(reader.next(), { kind: 'line', text: 'LIST 1' });
  reader.push(Buffer.from('x'.repeat(11)));
  assert.deepEqual(reader.next(), { kind: 'too-long' });
});

function stuff(message: string, chunkSize: number, top: number | null = null): string {
  const stuffer = new DotStuffer(top);
  const bytes = Buffer.from(message, 'latin1');
  let out = '';
  for (let i = 0; i < bytes.length && !stuffer.done; i += chunkSize) out += stuffer.push(bytes.subarray(i, i + chunkSize)).toString('latin1');
  return out + stuffer.end().toString('latin1');
}

const MESSAGE = 'Subject: x\r\n.Folded: no\r\n\r\n.\r\n..\r\nplain\r\n.end\r\n';

test('stuffs every line that begins with a dot, whatever the chunk boundaries', () => {
  const expected = 'Subject: x\r\n..Folded: no\r\n\r\n..\r\n...\r\nplain\r\n..end\r\n.\r\n';
  for (const size of [1, 2, 3, 5, 7, 64]) assert.equal(stuff(MESSAGE, size), expected, `chunks of ${size}`);
});

test('ends a message without a final line ending with CRLF before the terminator, and an empty one with the terminator alone', () => {
  assert.equal(stuff('Subject: x\r\n\r\nno newline', 4), 'Subject: x\r\n\r\nno newline\r\n.\r\n');
  assert.equal(stuff('', 4), '.\r\n');
});

test('TOP stops after the header section, the empty line and n body lines, across chunk boundaries', () => {
  for (const size of [1, 3, 64]) {
    assert.equal(stuff(MESSAGE, size, 0), 'Subject: x\r\n..Folded: no\r\n\r\n.\r\n');
    assert.equal(stuff(MESSAGE, size, 2), 'Subject: x\r\n..Folded: no\r\n\r\n..\r\n...\r\n.\r\n');
    assert.equal(stuff(MESSAGE, size, 99), stuff(MESSAGE, size));
  }
  assert.equal(stuff('Subject: no body\r\n', 5, 3), 'Subject: no body\r\n.\r\n');
});
