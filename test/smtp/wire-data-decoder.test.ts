import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataDecoder } from '../../src/smtp/wire/data-decoder.ts';
import { LineEndingNormaliser } from '../../src/smtp/wire/line-endings.ts';

/** Decodes `input` fed in the given chunk sizes (cycled); returns the message and what follows it. */
function decode(input: string, chunkSizes: number[] = [input.length || 1]): { message: string; rest: string; done: boolean } {
  const bytes = Buffer.from(input, 'latin1');
  const decoder = new DataDecoder();
  const out: Buffer[] = [];
  let offset = 0;
  let index = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, chunkSizes[index++ % chunkSizes.length]!);
    const chunk = bytes.subarray(offset, offset + size);
    const step = decoder.push(chunk);
    out.push(...step.output);
    if (step.end !== null) {
      return { message: Buffer.concat(out).toString('latin1'), rest: bytes.subarray(offset + step.end).toString('latin1'), done: true };
    }
    offset += chunk.length;
  }
  return { message: Buffer.concat(out).toString('latin1'), rest: '', done: false };
}

const cases: Array<[string, string, { message: string; rest: string; done: boolean }]> = [
  ['an empty message', '.\r\n', { message: '', rest: '', done: true }],
  ['one line', 'hello\r\n.\r\n', { message: 'hello\r\n', rest: '', done: true }],
  ['pipelined commands after the end', 'hi\r\n.\r\nQUIT\r\n', { message: 'hi\r\n', rest: 'QUIT\r\n', done: true }],
  ['a stuffed dot', '..leading\r\n.\r\n', { message: '.leading\r\n', rest: '', done: true }],
  ['a stuffed lone dot', 'a\r\n..\r\n.\r\n', { message: 'a\r\n.\r\n', rest: '', done: true }],
  ['a dot inside a line', 'a.b\r\n.\r\n', { message: 'a.b\r\n', rest: '', done: true }],
  ['bare LF lines, normalised', 'a\nb\n\r\n.\r\n', { message: 'a\r\nb\r\n\r\n', rest: '', done: true }],
  ['bare CR, normalised', 'a\rb\r\n.\r\n', { message: 'a\r\nb\r\n', rest: '', done: true }],
  ['CR CR LF', 'a\r\r\n.\r\n', { message: 'a\r\n\r\n', rest: '', done: true }],
  ['the smuggling form <LF>.<LF>, which is text', 'a\n.\nMAIL FROM:<x@y.example>\r\n.\r\n', { message: 'a\r\n.\r\nMAIL FROM:<x@y.example>\r\n', rest: '', done: true }],
  ['the smuggling form <CRLF>.<LF>, which is text', 'a\r\n.\nb\r\n.\r\n', { message: 'a\r\n.\r\nb\r\n', rest: '', done: true }],
  ['the smuggling form <LF>.<CRLF>, which is text', 'a\n.\r\nb\r\n.\r\n', { message: 'a\r\n.\r\nb\r\n', rest: '', done: true }],
  ['the smuggling form <CR>.<CR>, which is text', 'a\r.\rb\r\n.\r\n', { message: 'a\r\n.\r\nb\r\n', rest: '', done: true }],
  ['the smuggling form <CRLF>.<CR>, which is text', 'a\r\n.\rb\r\n.\r\n', { message: 'a\r\n.\r\nb\r\n', rest: '', done: true }],
  ['no terminator yet', 'a\r\nb', { message: 'a\r\nb', rest: '', done: false }],
  ['8-bit bytes untouched', 'caf\xe9\r\n.\r\n', { message: 'caf\xe9\r\n', rest: '', done: true }],
];

for (const [name, input, expected] of cases) {
  test(`decodes DATA with ${name}`, () => {
    assert.deepEqual(decode(input), expected);
  });
  test(`decodes DATA with ${name}, one byte at a time`, () => {
    assert.deepEqual(decode(input, [1]), expected);
  });
  test(`decodes DATA with ${name}, in uneven chunks`, () => {
    assert.deepEqual(decode(input, [2, 3, 1]), expected);
  });
}

test('holds a CR at a chunk boundary until the next byte is known', () => {
  const normaliser = new LineEndingNormaliser();
  const out = [...normaliser.push(Buffer.from('a\r')), ...normaliser.push(Buffer.from('\nb\r')), ...normaliser.push(Buffer.from('c\r'))];
  out.push(...normaliser.end());
  assert.equal(Buffer.concat(out).toString(), 'a\r\nb\r\nc\r\n');
});

test('passes CRLF text through as views without copying', () => {
  const chunk = Buffer.from('one\r\ntwo\r\n');
  const out = new LineEndingNormaliser().push(chunk);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.buffer, chunk.buffer);
});
