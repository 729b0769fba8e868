// The transaction flags of a stored message: 8-bit octets anywhere (BODY=8BITMIME) and UTF-8 in the
// header section (SMTPUTF8), at every chunk split.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readable } from 'node:stream';
import { scanMessage } from '../../src/outbound/index.ts';

async function scanAt(text: string, split: number) {
  const bytes = Buffer.from(text, 'utf8');
  return scanMessage(Readable.from([bytes.subarray(0, split), bytes.subarray(split)]));
}

test('tells 7-bit, 8-bit bodies and UTF-8 headers apart at every split', async () => {
  const cases: Array<[string, { eightBit: boolean; utf8Header: boolean }]> = [
    ['Subject: plain\r\n\r\nascii body\r\n', { eightBit: false, utf8Header: false }],
    ['Subject: plain\r\n\r\ncaf\u00e9\r\n', { eightBit: true, utf8Header: false }],
    ['Subject: caf\u00e9\r\n\r\nascii\r\n', { eightBit: true, utf8Header: true }],
    ['Subject: a\r\n\r\n\r\n\r\nSubject: caf\u00e9\r\n', { eightBit: true, utf8Header: false }],
  ];
  for (const [text, expected] of cases) {
    for (let split = 0; split <= Buffer.byteLength(text); split++) assert.deepEqual(await scanAt(text, split), expected, `${JSON.stringify(text)} split at ${split}`);
  }
});
