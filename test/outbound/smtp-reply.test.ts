import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReply, MAX_REPLY_LINE, ReplyFormatError, ReplyReader } from '../../src/outbound/smtp-reply.ts';
import { NO_EXTENSIONS, parseEhloReply } from '../../src/outbound/smtp-extensions.ts';

function read(...chunks: string[]): ReturnType<ReplyReader['push']> {
  const reader = new ReplyReader();
  return chunks.flatMap((chunk) => reader.push(Buffer.from(chunk, 'utf8')));
}

const TABLE: Array<[string, string, { code: number; enhanced: string | null; lines: string[] }]> = [
  ['single line with enhanced code', '250 2.1.5 Ok\r\n', { code: 250, enhanced: '2.1.5', lines: ['Ok'] }],
  ['no enhanced code', '550 No such user\r\n', { code: 550, enhanced: null, lines: ['No such user'] }],
  ['code alone', '250\r\n', { code: 250, enhanced: null, lines: [''] }],
  ['enhanced code alone', '250 2.0.0\r\n', { code: 250, enhanced: '2.0.0', lines: [''] }],
  ['multi-line, enhanced code on each line', '550-5.7.1 Blocked, see\r\n550 5.7.1 https://example.test/why\r\n', { code: 550, enhanced: '5.7.1', lines: ['Blocked, see', 'https://example.test/why'] }],
  ['enhanced code of the wrong class stays text', '550 4.2.2 Full\r\n', { code: 550, enhanced: null, lines: ['4.2.2 Full'] }],
  ['354 has no enhanced code', '354 End data with <CR><LF>.<CR><LF>\r\n', { code: 354, enhanced: null, lines: ['End data with <CR><LF>.<CR><LF>'] }],
  ['bare LF line ends', '421 4.3.2 Bye\n', { code: 421, enhanced: '4.3.2', lines: ['Bye'] }],
  ['UTF-8 text', '550 5.1.1 Unbekannter Empf\u00e4nger\r\n', { code: 550, enhanced: '5.1.1', lines: ['Unbekannter Empf\u00e4nger'] }],
];

for (const [name, wire, expected] of TABLE) {
  test(`reads a reply: ${name}`, () => {
    assert.deepEqual(read(wire), [expected]);
  });
}

test('reassembles a reply split across chunks and reads pipelined replies in order', () => {
  assert.deepEqual(read('25', '0-mx.test\r\n250-PIPE', 'LINING\r\n250 SIZE 10\r\n250 2.1.0 Ok\r\n452 4.5.3 Too many\r\n'), [
    { code: 250, enhanced: null, lines: ['mx.test', 'PIPELINING', 'SIZE 10'] },
    { code: 250, enhanced: '2.1.0', lines: ['Ok'] },
    { code: 452, enhanced: '4.5.3', lines: ['Too many'] },
  ]);
});

test('says whether part of a reply is still buffered', () => {
  const reader = new ReplyReader();
  reader.push(Buffer.from('220 ready\r\n250-mx'));
  assert.equal(reader.pending, true);
  reader.clear();
  assert.equal(reader.pending, false);
});

test('refuses lines that are not replies, mixed codes and over-long lines', () => {
  assert.throws(() => read('hello\r\n'), ReplyFormatError);
  assert.throws(() => read('250OK\r\n'), ReplyFormatError);
  assert.throws(() => read('250-a\r\n251 b\r\n'), ReplyFormatError);
  assert.throws(() => read(`250 ${'x'.repeat(MAX_REPLY_LINE)}\r\n`), ReplyFormatError);
  assert.throws(() => read('2'.repeat(MAX_REPLY_LINE + 1)), ReplyFormatError, 'an unterminated line is bounded too');
});

test('formats a reply on one line for logs and details', () => {
  assert.equal(formatReply({ code: 550, enhanced: '5.7.1', lines: ['Blocked, see', 'https://example.test/why'] }), '550 5.7.1 Blocked, see https://example.test/why');
  assert.equal(formatReply({ code: 250, enhanced: null, lines: [''] }), '250');
});

test('reads the extensions of an EHLO reply', () => {
  const extensions = parseEhloReply(['mx.test greets you', 'PIPELINING', 'SIZE 35882577', '8BITMIME', 'smtputf8', 'DSN', 'STARTTLS', 'AUTH PLAIN login', 'LIMITS RCPTMAX=50 MAILMAX=10']);
  assert.deepEqual(extensions, {
    starttls: true,
    pipelining: true,
    eightBitMime: true,
    smtpUtf8: true,
    dsn: true,
    size: 35882577,
    auth: ['PLAIN', 'LOGIN'],
    rcptMax: 50,
  });
});

test('reads the old AUTH= form, SIZE without a limit, and nothing from the greeting line', () => {
  const extensions = parseEhloReply(['STARTTLS PIPELINING', 'AUTH=LOGIN', 'SIZE']);
  assert.equal(extensions.starttls, false, 'the first line is the server name');
  assert.deepEqual(extensions.auth, ['LOGIN']);
  assert.equal(extensions.size, 0);
  assert.equal(extensions.rcptMax, null);
  assert.deepEqual(parseEhloReply(['mx.test']), NO_EXTENSIONS);
});
