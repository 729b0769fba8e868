import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { renderBodyStructure, renderEnvelope } from '../../src/mime/index.ts';
import { analyse, assertInvariants } from './analyse.ts';

const DIR = new URL('../fixtures/mime/', import.meta.url);
const names = (await readdir(DIR)).filter((name) => name.endsWith('.eml')).map((name) => name.slice(0, -'.eml'.length)).sort();

async function fixture(name: string): Promise<{ message: Buffer; expected: { size: number; lines: number; envelope: string; bodystructure: string } }> {
  return {
    message: await readFile(new URL(`${name}.eml`, DIR)),
    expected: JSON.parse(await readFile(new URL(`${name}.expected.json`, DIR), 'utf8')),
  };
}

test('ships at least the corpus the IMAP issue asks for, each message with CRLF line endings', async () => {
  for (const name of ['simple-text', 'multipart-alternative', 'mixed-attachment', 'message-rfc822', 'digest', 'encoded-words', 'malformed-headers', 'eight-bit', 'long-lines', 'no-body']) {
    assert.ok(names.includes(name), name);
  }
  for (const name of names) {
    const { message } = await fixture(name);
    assert.equal(message.toString('latin1').replace(/\r\n/g, '').includes('\n'), false, name);
  }
});

for (const name of names) {
  test(`renders the expected ENVELOPE and BODYSTRUCTURE for ${name}.eml`, async () => {
    const { message, expected } = await fixture(name);
    const { summary } = analyse(message);
    assert.equal(renderEnvelope(summary.envelope), expected.envelope);
    assert.equal(renderBodyStructure(summary.structure), expected.bodystructure);
    assert.equal(summary.size, expected.size);
    assert.equal(summary.lines, expected.lines);
    assertInvariants(message, summary.structure);
  });

  test(`gives the same analysis of ${name}.eml for chunks of 1, 7 and 4096 bytes`, async () => {
    const { message } = await fixture(name);
    const whole = analyse(message);
    for (const size of [1, 7, 4096]) assert.deepEqual(analyse(message, size), whole, `chunks of ${size}`);
  });
}
