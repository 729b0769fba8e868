import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReaderEvent } from '../../src/imap/wire/index.ts';
import { CommandReader } from '../../src/imap/wire/index.ts';
import { readAll } from '../helpers/imap-wire.ts';

function command(tag: string, name: string, args: string): ReaderEvent {
  return { kind: 'command', command: { tag, name, args: Buffer.from(args, 'latin1') } };
}

const LIMITS = { maxLineLength: 100, maxLiteralSize: 50, maxCommandSize: 80, maxLiteralsPerCommand: 3 };

test('frames a simple command with its name upper-cased and arguments after it', () => {
  assert.deepEqual(readAll('a1 noop\r\n'), [command('a1', 'NOOP', '')]);
  assert.deepEqual(readAll('a2 SELECT INBOX\r\n'), [command('a2', 'SELECT', ' INBOX')]);
});

test('frames pipelined commands one at a time and accepts a bare LF', () => {
  assert.deepEqual(readAll('a NOOP\r\nb CHECK\nc LOGOUT\r\n'), [command('a', 'NOOP', ''), command('b', 'CHECK', ''), command('c', 'LOGOUT', '')]);
});

test('ignores empty lines between commands', () => {
  assert.deepEqual(readAll('\r\n\r\na NOOP\r\n'), [command('a', 'NOOP', '')]);
});

test('asks for continuation on a synchronizing literal and includes its bytes in the arguments', () => {
  const reader = new CommandReader();
  assert.deepEqual(readAll('a LOGIN {4}\r\n', reader), [{ kind: 'continue' }]);
  assert.deepEqual(readAll('user {4}\r\n', reader), [{ kind: 'continue' }]);
  assert.deepEqual(readAll('pass\r\n', reader), [command('a', 'LOGIN', ' {4}\r\nuser {4}\r\npass')]);
});

test('reads non-synchronizing and literal8 literals without asking for continuation', () => {
  assert.deepEqual(readAll('a LOGIN {2+}\r\nab ~{3+}\r\nc\x00d\r\n'), [command('a', 'LOGIN', ' {2+}\r\nab ~{3+}\r\nc\x00d')]);
  assert.deepEqual(readAll('a APPEND x ~{1}\r\n\x00\r\n'), [{ kind: 'continue' }, command('a', 'APPEND', ' x ~{1}\r\n\x00')]);
});

test('reads a literal containing CRLF and braces as data, not as framing', () => {
  assert.deepEqual(readAll('a X {8+}\r\nq\r\n{5}\r\n\r\n'), [command('a', 'X', ' {8+}\r\nq\r\n{5}\r\n')]);
});

test('frames the same command whatever byte it is split at', () => {
  const input = 'a1 APPEND INBOX (\\Seen) {5}\r\nHello\r\nb2 LOGIN {3+}\r\nx\ny "p"\r\nc3 NOOP\r\n';
  const expected = [
    { kind: 'continue' },
    command('a1', 'APPEND', ' INBOX (\\Seen) {5}\r\nHello'),
  ];
  const whole = readAll(input);
  assert.deepEqual(whole.slice(0, 2), expected);
  for (let split = 0; split <= input.length; split++) {
    for (const second of [split, Math.min(input.length, split + 3)]) {
      const reader = new CommandReader();
      const events = [...readAll(input.slice(0, split), reader), ...readAll(input.slice(split, second), reader), ...readAll(input.slice(second), reader)];
      assert.deepEqual(events, whole, `split at ${split}/${second}`);
    }
  }
  assert.equal(whole.length, 4);
});

test('refuses an over-large synchronizing literal without reading it and stays in sync', () => {
  const reader = new CommandReader(LIMITS);
  assert.deepEqual(readAll('a APPEND INBOX {51}\r\nb NOOP\r\n', reader), [
    { kind: 'error', error: { kind: 'literal-too-large', tag: 'a', fatal: false, text: 'Literal too large' } },
    command('b', 'NOOP', ''),
  ]);
});

test('closes on an over-large non-synchronizing literal because its octets are already coming', () => {
  const reader = new CommandReader(LIMITS);
  assert.deepEqual(readAll('a APPEND INBOX {51+}\r\nxxxx', reader), [
    { kind: 'error', error: { kind: 'literal-too-large', tag: 'a', fatal: true, text: 'Literal too large' } },
  ]);
});

test('limits the literal octets of one command together and the number of literals', () => {
  const reader = new CommandReader(LIMITS);
  const events = readAll(`a X {40}\r\n${'x'.repeat(40)} {41}\r\n`, reader);
  assert.deepEqual(events.at(-1), { kind: 'error', error: { kind: 'command-too-large', tag: 'a', fatal: false, text: 'Command too large' } });
  const many = readAll('b X {1+}\r\n1 {1+}\r\n2 {1+}\r\n3 {1}\r\n', new CommandReader(LIMITS));
  assert.deepEqual(many, [{ kind: 'error', error: { kind: 'too-many-literals', tag: 'b', fatal: false, text: 'Too many literals in one command' } }]);
});

test('reports an over-long line as fatal once it cannot fit even with its CR, before any LF', () => {
  const reader = new CommandReader(LIMITS);
  assert.deepEqual(readAll(`a ${'x'.repeat(100)}`, reader), [
    { kind: 'error', error: { kind: 'line-too-long', tag: null, fatal: true, text: 'Command line too long' } },
  ]);
  assert.equal(reader.bufferedBytes, 0);
  assert.deepEqual(readAll(`a ${'x'.repeat(98)}\r\n`, new CommandReader(LIMITS)), [command('a', 'X'.repeat(98), '')]);
});

test('reports a missing tag or command name as a non-fatal untagged error', () => {
  assert.deepEqual(readAll('a\r\n+ NOOP\r\n(x) Y\r\nb NOOP\r\n'), [
    { kind: 'error', error: { kind: 'bad-tag', tag: 'a', fatal: false, text: 'Missing or invalid tag or command name' } },
    { kind: 'error', error: { kind: 'bad-tag', tag: null, fatal: false, text: 'Missing or invalid tag or command name' } },
    { kind: 'error', error: { kind: 'bad-tag', tag: null, fatal: false, text: 'Missing or invalid tag or command name' } },
    command('b', 'NOOP', ''),
  ]);
});

test('reads a bare line for IDLE DONE without framing it as a command', () => {
  const reader = new CommandReader();
  reader.push(Buffer.from('a IDLE\r\nDO'));
  assert.deepEqual(reader.next(), command('a', 'IDLE', ''));
  assert.equal(reader.nextLine(), null);
  reader.push(Buffer.from('NE\r\nb NOOP\r\n'));
  assert.deepEqual(reader.nextLine(), { kind: 'line', text: 'DONE' });
  assert.deepEqual(reader.next(), command('b', 'NOOP', ''));
  assert.equal(reader.next(), null);
});
