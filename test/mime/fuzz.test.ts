import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderScanner, decodeEncodedWords, summarise, type HeaderScan } from '../../src/mime/index.ts';
import { prng } from '../helpers/prng.ts';


const TOKENS = ['Received:', 'Subject:', 'From: ', 'To:', ':', ' ', '\t', '\r\n', '\r', '\n', '=?', '?=', '?Q?', '?B?', 'utf-8', 'iso-8859-1', '=C3', '=', '_', 'x', 'é'];

function randomMessage(next: () => number): Buffer {
  const parts: Buffer[] = [];
  const count = Math.floor(next() * 80);
  for (let i = 0; i < count; i++) {
    if (next() < 0.1) parts.push(Buffer.from([Math.floor(next() * 256)]));
    else parts.push(Buffer.from(TOKENS[Math.floor(next() * TOKENS.length)] ?? '', 'utf8'));
  }
  return Buffer.concat(parts);
}

function scanInChunks(message: Buffer, next: () => number, maxHeaderSize: number): HeaderScan {
  const scanner = new HeaderScanner({ maxHeaderSize });
  let at = 0;
  while (at < message.length) {
    const size = 1 + Math.floor(next() * 16);
    scanner.push(message.subarray(at, at + size));
    at += size;
  }
  return scanner.end();
}

test('never throws on random header bytes and gives the same result for any chunking', () => {
  const next = prng(20250106);
  for (let run = 0; run < 2000; run++) {
    const message = randomMessage(next);
    const maxHeaderSize = 1 + Math.floor(next() * 200);
    const whole = scanInChunks(message, () => 1, maxHeaderSize);
    const chunked = scanInChunks(message, next, maxHeaderSize);
    assert.deepEqual(chunked, whole, `run ${run}: ${message.toString('hex')}`);
    assert.ok(whole.headerSize <= message.length);
    assert.equal(whole.exceeded, whole.headerSize > maxHeaderSize);
    for (const field of whole.fields) assert.match(field.name, /^[\x21-\x39\x3b-\x7e]+$/);
    summarise(whole.fields);
  }
});

test('never throws decoding random text full of encoded-word pieces', () => {
  const next = prng(42);
  for (let run = 0; run < 2000; run++) {
    let text = '';
    const count = Math.floor(next() * 30);
    for (let i = 0; i < count; i++) text += TOKENS[Math.floor(next() * TOKENS.length)] ?? '';
    assert.equal(typeof decodeEncodedWords(text), 'string');
  }
});
