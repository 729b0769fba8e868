// Bounded, seeded fuzzing of the IMAP wire layer: whatever the bytes and their chunking, the reader
// and the parser never throw (errors are values), the reader's buffer stays bounded, and chunking
// never changes what is framed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReaderEvent } from '../../src/imap/wire/index.ts';
import { CommandReader, decodeModifiedUtf7, encodeModifiedUtf7, parseCommand } from '../../src/imap/wire/index.ts';
import { prng } from '../helpers/prng.ts';

const ITERATIONS = 1500;
const LIMITS = { maxLineLength: 200, maxLiteralSize: 64, maxCommandSize: 128, maxLiteralsPerCommand: 4 };

const ALPHABET = [
  'a1 ', 'UID ', 'FETCH ', 'SEARCH ', 'STORE ', 'APPEND ', 'LIST ', 'SELECT ', 'STATUS ', 'LOGIN ', 'SORT ', 'THREAD ', 'ID ', 'CREATE ',
  'BODY[', 'BODY.PEEK[', 'BINARY[', 'HEADER.FIELDS (', ']', '<0.5>', '1:*', '$', '*', '1,3:2', 'OR ', 'NOT ', 'ALL', 'CHARSET ', 'UTF-8 ',
  'RETURN (', 'MIN', '(', ')', ' ', '"', '\\', '{3}\r\n', '{2+}\r\n', '~{1}\r\n', '{999}\r\n', '\r\n', '\n', '\r', '+FLAGS ', '\\Seen',
  'INBOX', '&ZeVnLIqe-', '&', '-', 'NIL', '"01-Jan-2020 00:00:00 +0000"', '1-Jan-2020', 'x', '0', '9', '\x00', '\xff', 'é',
  '(CHANGEDSINCE 5 VANISHED)', '(QRESYNC (1 2 3:4 (1 2)))', 'USE (\\Sent)', 'MODSEQ ', 'EMAILID ',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomInput(random: () => number): Buffer {
  let text = '';
  const parts = Math.floor(random() * 40);
  for (let i = 0; i < parts; i++) text += pick(random, ALPHABET);
  return Buffer.from(text, 'latin1');
}

/** Runs the reader over chunks, parsing every command; fails on any throw or unbounded buffer. */
function run(input: Buffer, chunkSize: (() => number) | null): ReaderEvent[] {
  const reader = new CommandReader(LIMITS);
  const events: ReaderEvent[] = [];
  const drain = (): void => {
    for (let event = reader.next(); event !== null; event = reader.next()) {
      events.push(event);
      if (event.kind === 'command') {
        parseCommand(event.command, { utf8Mailboxes: false, maxListDepth: 8 });
        parseCommand(event.command, { utf8Mailboxes: true, maxListDepth: 8 });
      }
      if (event.kind === 'error' && event.error.fatal) return;
    }
    assert.ok(reader.bufferedBytes <= LIMITS.maxLineLength + 1 + 8, `buffer grew to ${reader.bufferedBytes}`);
  };
  if (chunkSize === null) {
    reader.push(input);
    drain();
    return events;
  }
  for (let offset = 0; offset < input.length; ) {
    const size = chunkSize();
    reader.push(input.subarray(offset, offset + size));
    offset += size;
    drain();
    if (events.at(-1)?.kind === 'error' && (events.at(-1) as Extract<ReaderEvent, { kind: 'error' }>).error.fatal) break;
  }
  return events;
}

test('the reader and parser never throw and frame the same commands however the bytes are chunked', () => {
  const random = prng(0x1a2b3c);
  for (let i = 0; i < ITERATIONS; i++) {
    const input = randomInput(random);
    const whole = run(input, null);
    const chunked = run(input, () => 1 + Math.floor(random() * 8));
    assert.deepEqual(chunked, whole, `seed iteration ${i}: ${JSON.stringify(input.toString('latin1'))}`);
  }
});

test('the parser never throws on random argument bytes after a known command name', () => {
  const random = prng(0x5eed);
  const names = ['FETCH', 'UID', 'SEARCH', 'STORE', 'APPEND', 'LIST', 'SELECT', 'STATUS', 'LOGIN', 'SORT', 'THREAD', 'ID', 'CREATE', 'AUTHENTICATE', 'ENABLE', 'SETQUOTA', 'RENAME'];
  for (let i = 0; i < ITERATIONS; i++) {
    const args = Buffer.concat([Buffer.from(' '), randomInput(random)]);
    const result = parseCommand({ tag: 't', name: pick(random, names), args }, { utf8Mailboxes: random() < 0.5, maxListDepth: 8 });
    assert.equal(result.tag, 't');
    if (!result.ok) assert.ok(result.error.text.length > 0);
  }
});

test('modified UTF-7 round-trips random Unicode names and rejects or round-trips random wire text', () => {
  const random = prng(0xabcdef);
  const units = ['a', '&', '-', ',', '+', '/', 'é', '日', '😀', ' ', '~', 'Z'];
  const wireParts = ['&', '-', 'A', 'G', 'E', ',', '+', 'a', 'Zf', '&-', 'x'];
  for (let i = 0; i < ITERATIONS; i++) {
    let name = '';
    let wire = '';
    for (let j = Math.floor(random() * 12); j > 0; j--) name += pick(random, units);
    for (let j = Math.floor(random() * 12); j > 0; j--) wire += pick(random, wireParts);
    assert.equal(decodeModifiedUtf7(encodeModifiedUtf7(name)), name);
    let decoded: string | null = null;
    try {
      decoded = decodeModifiedUtf7(wire);
    } catch (error) {
      assert.equal((error as Error).name, 'ImapSyntaxError');
    }
    if (decoded !== null) assert.equal(encodeModifiedUtf7(decoded), wire);
  }
});
