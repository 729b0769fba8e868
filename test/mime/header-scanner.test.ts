import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { HeaderScanner, type HeaderScan } from '../../src/mime/index.ts';

const FIXTURE = new URL('../fixtures/mime/folded-headers.eml', import.meta.url);
const UNLIMITED = { maxHeaderSize: 1 << 20 };

function scan(chunks: readonly Buffer[], opts = UNLIMITED): HeaderScan {
  const scanner = new HeaderScanner(opts);
  for (const chunk of chunks) scanner.push(chunk);
  return scanner.end();
}

function scanText(text: string, opts = UNLIMITED): HeaderScan {
  return scan([Buffer.from(text, 'latin1')], opts);
}

test('collects the unfolded fields, the Received count and the header size of the fixture message', async () => {
  const message = await readFile(FIXTURE);
  const result = scan([message]);
  assert.deepEqual(result.fields, [
    {
      name: 'Received',
      value: 'from relay.example.net (relay.example.net [192.0.2.7])\tby mx.example.test with ESMTP id 1; Mon, 6 Jan 2025 10:00:00 +0000',
    },
    { name: 'Received', value: 'from client.example.net by relay.example.net; Mon, 6 Jan 2025 09:59:59 +0000' },
    { name: 'From', value: '=?utf-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.net>' },
    { name: 'To', value: 'Ann <ann@example.test>' },
    { name: 'Subject', value: '=?iso-8859-1?Q?Gr=FC=DFe?= aus =?UTF-8?B?S8O2bG4=?=' },
    { name: 'Date', value: 'Mon, 6 Jan 2025 09:59:58 +0000' },
    { name: 'Message-ID', value: '<fixture-1@example.net>' },
    { name: 'X-Empty', value: '' },
    { name: 'MIME-Version', value: '1.0' },
    { name: 'Content-Type', value: 'text/plain; charset=utf-8' },
  ]);
  assert.equal(result.receivedCount, 2);
  assert.equal(result.headerSize, message.indexOf('\r\n\r\n') + 2);
  assert.equal(result.exceeded, false);
});

test('gives the same result however the message is split into two chunks', async () => {
  const message = await readFile(FIXTURE);
  const whole = scan([message]);
  for (let at = 0; at <= message.length; at++) {
    assert.deepEqual(scan([message.subarray(0, at), message.subarray(at)]), whole, `split at byte ${at}`);
  }
});

test('gives the same result when the message arrives one byte at a time', async () => {
  const message = await readFile(FIXTURE);
  const bytes = [...message].map((b) => Buffer.from([b]));
  assert.deepEqual(scan(bytes), scan([message]));
});

test('does not keep a reference to the pushed buffers', () => {
  const chunk = Buffer.from('Subject: original\r\n');
  const scanner = new HeaderScanner(UNLIMITED);
  scanner.push(chunk);
  chunk.fill(0x78);
  assert.deepEqual(scanner.end().fields, [{ name: 'Subject', value: 'original' }]);
});

test('ends the header section at the end of the data when the message has no body', () => {
  const result = scanText('Subject: hi\r\nFrom: a@example.test');
  assert.deepEqual(result.fields, [
    { name: 'Subject', value: 'hi' },
    { name: 'From', value: 'a@example.test' },
  ]);
  assert.equal(result.headerSize, 33);
});

test('counts the final line ending of a header section without an empty line', () => {
  const result = scanText('Subject: hi\r\n');
  assert.deepEqual(result.fields, [{ name: 'Subject', value: 'hi' }]);
  assert.equal(result.headerSize, 13);
});

test('finds no fields in an empty message or one that starts with the empty line', () => {
  assert.deepEqual(scanText(''), { fields: [], receivedCount: 0, headerSize: 0, exceeded: false });
  assert.deepEqual(scanText('\r\nSubject: body text\r\n'), { fields: [], receivedCount: 0, headerSize: 0, exceeded: false });
});

test('unfolds continuation lines of spaces and tabs into one value', () => {
  const result = scanText('Subject: one\r\n two\r\n\tthree\r\nX: y\r\n\r\n');
  assert.deepEqual(result.fields, [
    { name: 'Subject', value: 'one two\tthree' },
    { name: 'X', value: 'y' },
  ]);
});

test('tolerates bare LF line endings', () => {
  const result = scanText('Subject: a\n b\nReceived: x\n\nbody\n');
  assert.deepEqual(result.fields, [
    { name: 'Subject', value: 'a b' },
    { name: 'Received', value: 'x' },
  ]);
  assert.equal(result.receivedCount, 1);
  assert.equal(result.headerSize, 26);
});

test('counts Received fields case-insensitively and only in the header section', () => {
  const result = scanText('RECEIVED: a\r\nreceived : b\r\nX-Received: c\r\n\r\nReceived: d\r\n');
  assert.equal(result.receivedCount, 2);
  assert.deepEqual(
    result.fields.map((f) => f.name),
    ['RECEIVED', 'received', 'X-Received'],
  );
});

test('skips lines that are neither a field nor a continuation', () => {
  const result = scanText(' orphan continuation\r\nFrom someone Mon Jan 6 10:00:00 2025\r\nno colon here\r\nSubject: kept\r\n\r\n');
  assert.deepEqual(result.fields, [{ name: 'Subject', value: 'kept' }]);
});

test('decodes raw UTF-8 header values and falls back to latin1 for other bytes', () => {
  const utf8 = scan([Buffer.from('Subject: Grüße\r\n\r\n', 'utf8')]);
  assert.equal(utf8.fields[0]?.value, 'Grüße');
  const latin1 = scan([Buffer.from('Subject: Grüße\r\n\r\n', 'latin1')]);
  assert.equal(latin1.fields[0]?.value, 'Grüße');
});

test('marks a header section over the limit, keeps counting its size and Received fields, and stops collecting', () => {
  const header = `Subject: ${'x'.repeat(100)}\r\nReceived: a\r\nReceived: b\r\nX: ${'y'.repeat(50)}\r\n`;
  const result = scanText(`${header}\r\nbody\r\n`, { maxHeaderSize: 120 });
  assert.equal(result.exceeded, true);
  assert.equal(result.headerSize, header.length);
  assert.equal(result.receivedCount, 2);
  assert.deepEqual(result.fields, [{ name: 'Subject', value: 'x'.repeat(100) }]);
});

test('does not mark a header section of exactly the limit, even with its empty line split across chunks', () => {
  const header = 'Subject: exactly\r\n';
  const scanner = new HeaderScanner({ maxHeaderSize: header.length });
  scanner.push(Buffer.from(`${header}\r`));
  scanner.push(Buffer.from('\nbody'));
  const result = scanner.end();
  assert.equal(result.exceeded, false);
  assert.equal(result.headerSize, header.length);
  assert.deepEqual(result.fields, [{ name: 'Subject', value: 'exactly' }]);
});

test('keeps memory bounded for a header line of many megabytes without a line break', () => {
  const scanner = new HeaderScanner({ maxHeaderSize: 1024 });
  scanner.push(Buffer.from('Subject: '));
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  for (let i = 0; i < 160; i++) scanner.push(chunk);
  scanner.push(Buffer.from('\r\nReceived: late\r\n\r\n'));
  const result = scanner.end();
  assert.equal(result.exceeded, true);
  assert.equal(result.headerSize, 9 + 160 * chunk.length + 2 + 16);
  assert.equal(result.receivedCount, 1);
  assert.deepEqual(result.fields, []);
});

test('ignores everything after the header section', () => {
  const scanner = new HeaderScanner({ maxHeaderSize: 64 });
  scanner.push(Buffer.from('Subject: s\r\n\r\n'));
  scanner.push(Buffer.alloc(1024 * 1024, 0x62));
  const result = scanner.end();
  assert.equal(result.exceeded, false);
  assert.equal(result.headerSize, 12);
});
