import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { HeaderScanner, summarise } from '../../src/mime/index.ts';

test('summarises the fixture message with encoded words decoded in Subject and From', async () => {
  const scanner = new HeaderScanner({ maxHeaderSize: 65536 });
  scanner.push(await readFile(new URL('../fixtures/mime/folded-headers.eml', import.meta.url)));
  assert.deepEqual(summarise(scanner.end().fields), {
    subject: 'Grüße aus Köln',
    from: 'Jörg Müller <joerg@example.net>',
    to: 'Ann <ann@example.test>',
    date: 'Mon, 6 Jan 2025 09:59:58 +0000',
    messageId: '<fixture-1@example.net>',
  });
});

test('uses the first of repeated fields, matches names case-insensitively and gives null for absent ones', () => {
  const summary = summarise([
    { name: 'SUBJECT', value: 'first' },
    { name: 'subject', value: 'second' },
    { name: 'to', value: '=?utf-8?B?w6VzYQ==?= <asa@example.test>' },
  ]);
  assert.deepEqual(summary, { subject: 'first', from: null, to: 'åsa <asa@example.test>', date: null, messageId: null });
});

test('turns line breaks decoded from an encoded word into spaces', () => {
  assert.equal(summarise([{ name: 'Subject', value: '=?utf-8?Q?a=0D=0Ab?=' }]).subject, 'a b');
});
