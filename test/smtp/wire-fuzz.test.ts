// Bounded, seeded fuzzing of the pure wire code: no input makes it throw, and the decoders keep
// their invariants whatever the chunking.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from '../../src/smtp/commands/index.ts';
import { parseCommandLine } from '../../src/smtp/wire/command-line.ts';
import { DataDecoder } from '../../src/smtp/wire/data-decoder.ts';
import { parseEnvelopeArguments } from '../../src/smtp/wire/envelope-arguments.ts';
import { LineEndingNormaliser } from '../../src/smtp/wire/line-endings.ts';
import { parseParameters } from '../../src/smtp/wire/parameters.ts';
import { formatMailbox, parsePath } from '../../src/smtp/wire/path.ts';
import { prng } from '../helpers/prng.ts';

const ITERATIONS = 2000;


function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

const PATH_ALPHABET = ['<', '>', '@', '.', ':', ',', '"', '\\', '[', ']', ' ', '=', '-', 'a', 'Z', '0', '9', 'IPv6:', 'ö', '\u0000', '\r', '\n', 'postmaster', 'x.example'];
const DATA_ALPHABET = ['.', '\r', '\n', '\r\n', '\r\n.', '\r\n.\r\n', 'a', ' ', '\x00', '\xff', '..'];

function randomText(random: () => number, alphabet: readonly string[], maxParts: number): string {
  let out = '';
  const parts = Math.floor(random() * maxParts);
  for (let i = 0; i < parts; i++) out += pick(random, alphabet);
  return out;
}

function randomBytes(random: () => number, max: number): Buffer {
  const bytes = Buffer.alloc(Math.floor(random() * max));
  for (let i = 0; i < bytes.length; i++) bytes[i] = random() < 0.3 ? pick(random, [0x0d, 0x0a, 0x2e, 0x20, 0x00]) : Math.floor(random() * 256);
  return bytes;
}

function chunked(bytes: Buffer, random: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const size = 1 + Math.floor(random() * 8);
    out.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}

function decodeAll(chunks: readonly Buffer[]): { message: Buffer; rest: Buffer; done: boolean } {
  const decoder = new DataDecoder();
  const out: Buffer[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const step = decoder.push(chunks[i]!);
    out.push(...step.output);
    if (step.end !== null) return { message: Buffer.concat(out), rest: Buffer.concat([chunks[i]!.subarray(step.end), ...chunks.slice(i + 1)]), done: true };
  }
  return { message: Buffer.concat(out), rest: Buffer.alloc(0), done: false };
}

/** Every CR is followed by LF and every LF preceded by CR. */
function hasOnlyCrlf(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) return false;
    if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) return false;
  }
  return true;
}

/** The client side of RFC 5321 §4.5.2: dot-stuff CRLF lines and append the terminator. */
function dotStuff(message: string): string {
  return message.replace(/(^|\r\n)\./g, '$1..') + '.\r\n';
}

test('parses random command lines without throwing', () => {
  const random = prng(1);
  for (let i = 0; i < ITERATIONS; i++) {
    const result = parseCommandLine(randomBytes(random, 40));
    assert.ok(result.ok || result.error === 'invalid-characters');
  }
});

test('parses random paths and parameters without throwing, and formatted mailboxes parse back', () => {
  const random = prng(2);
  for (let i = 0; i < ITERATIONS; i++) {
    const text = randomText(random, PATH_ALPHABET, 12);
    const path = parsePath(text, 0);
    if (path.ok) {
      assert.ok(path.end > 0 && path.end <= text.length);
      if (path.path.kind === 'mailbox') {
        const again = parsePath(`<${formatMailbox(path.path.mailbox)}>`, 0);
        assert.deepEqual(again.ok && again.path, path.path);
      }
    }
    parseParameters(text);
    parseEnvelopeArguments(`FROM:${text}`, 'FROM');
  }
});

test('parses random arguments for every command without throwing', () => {
  const random = prng(3);
  for (let i = 0; i < ITERATIONS; i++) {
    const args = randomText(random, [...PATH_ALPHABET, 'FROM:', 'TO:', 'SIZE=', 'BODY=8BITMIME', 'SMTPUTF8', '12', ' LAST'], 8);
    for (const command of Object.values(COMMANDS)) {
      const parsed = command.parse(args);
      if (!parsed.ok) assert.ok(parsed.reply.code >= 400 && parsed.reply.code < 600);
    }
  }
});

test('decodes random DATA streams the same way whatever the chunking, with only CRLF line ends', () => {
  const random = prng(4);
  for (let i = 0; i < ITERATIONS; i++) {
    const bytes = Buffer.from(randomText(random, DATA_ALPHABET, 30), 'latin1');
    const whole = decodeAll([bytes]);
    const pieces = decodeAll(chunked(bytes, random));
    assert.deepEqual(pieces, whole);
    if (whole.done) assert.ok(hasOnlyCrlf(whole.message), JSON.stringify(whole.message.toString('latin1')));
  }
});

test('decodes what a client dot-stuffed back to the message', () => {
  const random = prng(5);
  const lineParts = ['.', '..', 'a', ' ', '\xe9', 'MAIL FROM:<x@y>'];
  for (let i = 0; i < ITERATIONS; i++) {
    const lines = Array.from({ length: Math.floor(random() * 6) }, () => randomText(random, lineParts, 4));
    const message = lines.map((line) => `${line}\r\n`).join('');
    const trailer = randomText(random, ['QUIT\r\n', 'RSET\r\n', '.\r\n'], 3);
    const wire = Buffer.from(dotStuff(message) + trailer, 'latin1');
    const decoded = decodeAll(chunked(wire, random));
    assert.equal(decoded.done, true);
    assert.equal(decoded.message.toString('latin1'), message);
    assert.equal(decoded.rest.toString('latin1'), trailer);
  }
});

test('normalises random bytes the same way whatever the chunking, idempotently', () => {
  const random = prng(6);
  const normalise = (chunks: readonly Buffer[]): Buffer => {
    const normaliser = new LineEndingNormaliser();
    const out = chunks.flatMap((chunk) => normaliser.push(chunk));
    return Buffer.concat([...out, ...normaliser.end()]);
  };
  for (let i = 0; i < ITERATIONS; i++) {
    const bytes = randomBytes(random, 40);
    const whole = normalise([bytes]);
    assert.deepEqual(normalise(chunked(bytes, random)), whole);
    assert.ok(hasOnlyCrlf(whole));
    assert.deepEqual(normalise([whole]), whole);
  }
});
