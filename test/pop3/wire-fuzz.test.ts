// Hostile input for the POP3 wire layer, seeded and bounded: the parser answers every line with a
// command or an -ERR text and never throws; the line reader never holds more than a line over its limit;
// byte-stuffing round-trips (un-stuffing what RETR sends gives back the message) for any chunking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DotStuffer, LineReader, parseCommand } from '../../src/pop3/wire/index.ts';
import { prng } from '../helpers/prng.ts';

const ITERATIONS = 2000;
const TOKENS = ['USER', 'PASS', 'STAT', 'LIST', 'RETR', 'DELE', 'TOP', 'UIDL', 'AUTH', 'PLAIN', 'CAPA', 'STLS', ' ', '  ', '0', '1', '4294967296', '-1', 'x', '\u00e9', '\u0000', '=', '*', '.', '\t'];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

test('parseCommand answers any line with a command or an error text, never a throw', () => {
  const next = prng(0x9093);
  for (let i = 0; i < ITERATIONS; i++) {
    const line = Array.from({ length: Math.floor(next() * 8) }, () => pick(next, TOKENS)).join('');
    const result = parseCommand(line);
    if (result.ok) assert.ok(result.command.name.length > 0, line);
    else assert.ok(result.text.length > 0, line);
  }
});

test('the line reader frames random bytes and, drained, never holds more than the limit', () => {
  const next = prng(0x1e4d);
  for (let i = 0; i < ITERATIONS / 10; i++) {
    const reader = new LineReader(64);
    let tooLong = false;
    for (let j = 0; j < 20 && !tooLong; j++) {
      reader.push(Buffer.from(Array.from({ length: Math.floor(next() * 40) }, () => (next() < 0.1 ? 0x0a : Math.floor(next() * 256)))));
      for (let event = reader.next(); event !== null && !tooLong; event = reader.next()) {
        if (event.kind === 'too-long') tooLong = true;
        else assert.ok(!event.text.includes('\n'), 'a line never contains its line feed');
      }
      // The session closes on too-long; otherwise what is left is a partial line within the limit.
      if (!tooLong) assert.ok(reader.bufferedBytes <= 64, `holds ${reader.bufferedBytes} octets`);
    }
  }
});

/** What a client does with a RETR response body: drop the terminator, remove one leading dot per line. */
function unstuff(wire: string): string {
  assert.ok(wire.endsWith('.\r\n'));
  const body = wire.slice(0, -3);
  return body.split('\r\n').map((line) => (line.startsWith('.') ? line.slice(1) : line)).join('\r\n');
}

test('byte-stuffing round-trips any CRLF message for any chunking', () => {
  const next = prng(0x57af);
  const lines = ['.', '..', '.x', 'x.', '', 'plain', '...', ' .'];
  for (let i = 0; i < ITERATIONS / 4; i++) {
    const message = Array.from({ length: 1 + Math.floor(next() * 10) }, () => pick(next, lines)).join('\r\n') + '\r\n';
    const stuffer = new DotStuffer();
    const bytes = Buffer.from(message, 'latin1');
    const size = 1 + Math.floor(next() * 7);
    let wire = '';
    for (let at = 0; at < bytes.length; at += size) wire += stuffer.push(bytes.subarray(at, at + size)).toString('latin1');
    wire += stuffer.end().toString('latin1');
    assert.equal(unstuff(wire), message, JSON.stringify(message));
  }
});
