import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine } from '../../src/smtp/wire/command-line.ts';

const cases: Array<[string, Buffer, ReturnType<typeof parseCommandLine>]> = [
  ['a verb alone', Buffer.from('QUIT'), { ok: true, verb: 'QUIT', args: '' }],
  ['a lowercase verb, uppercased', Buffer.from('ehlo client.example'), { ok: true, verb: 'EHLO', args: 'client.example' }],
  ['the CR of CRLF', Buffer.from('NOOP\r'), { ok: true, verb: 'NOOP', args: '' }],
  ['arguments kept, outer spaces trimmed', Buffer.from('MAIL  FROM:<a@b.example> SIZE=10  '), { ok: true, verb: 'MAIL', args: 'FROM:<a@b.example> SIZE=10' }],
  ['UTF-8 arguments', Buffer.from('RCPT TO:<jörg@bücher.example>'), { ok: true, verb: 'RCPT', args: 'TO:<jörg@bücher.example>' }],
  ['an empty line', Buffer.from(''), { ok: true, verb: '', args: '' }],
  ['a NUL byte', Buffer.from('NO\0OP'), { ok: false, error: 'invalid-characters' }],
  ['a bare CR inside', Buffer.from('NOOP\rx'), { ok: false, error: 'invalid-characters' }],
  ['a TAB', Buffer.from('EHLO\tclient'), { ok: false, error: 'invalid-characters' }],
  ['DEL', Buffer.from('NOOP \x7f'), { ok: false, error: 'invalid-characters' }],
  ['invalid UTF-8', Buffer.from([0x4e, 0x4f, 0x4f, 0x50, 0x20, 0xc3, 0x28]), { ok: false, error: 'invalid-characters' }],
  ['a lone continuation byte', Buffer.from([0x80]), { ok: false, error: 'invalid-characters' }],
];

for (const [name, bytes, expected] of cases) {
  test(`parses a command line with ${name}`, () => {
    assert.deepEqual(parseCommandLine(bytes), expected);
  });
}
