import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBody, renderBodyStructure, renderEnvelope } from '../../src/mime/index.ts';
import { prng } from '../helpers/prng.ts';
import { analyse, assertInvariants } from './analyse.ts';

const TOKENS = [
  '\r\n', '\r\n', '\n', '\r', ' ', '\t', ':', ';', '"', '=', '--', '--a', '--ab', '--a--', '--ab--', 'x',
  'Content-Type: multipart/mixed; boundary=a\r\n', 'Content-Type: multipart/digest; boundary="ab"\r\n',
  'Content-Type: message/rfc822\r\n', 'Content-Type: text/html; charset=iso-8859-1\r\n',
  'Content-Transfer-Encoding: quoted-printable\r\n', 'Content-Transfer-Encoding: base64\r\n',
  'From: "a, b" <x@y>, g: c@d;\r\n', 'To: <@r:q@s> (c)\r\n', 'Content-Disposition: attachment; filename*0*=utf-8\'\'%C3; filename*1=x\r\n',
  '=C3=A9', '<b>', 'QUJD', 'é',
];

function randomMessage(next: () => number): Buffer {
  const parts: Buffer[] = [];
  const count = Math.floor(next() * 120);
  for (let i = 0; i < count; i++) {
    if (next() < 0.05) parts.push(Buffer.from([Math.floor(next() * 256)]));
    else parts.push(Buffer.from(TOKENS[Math.floor(next() * TOKENS.length)] ?? '', 'utf8'));
  }
  return Buffer.concat(parts);
}

test('never throws on random MIME-like bytes, keeps offsets nested and gives the same analysis for any chunking', () => {
  const next = prng(20250107);
  for (let run = 0; run < 1500; run++) {
    const message = randomMessage(next);
    const whole = analyse(message);
    const chunk = 1 + Math.floor(next() * 9);
    assert.deepEqual(analyse(message, chunk), whole, `run ${run} (chunks of ${chunk}): ${message.toString('hex')}`);
    assert.equal(whole.summary.size, message.length);
    assertInvariants(message, whole.summary.structure);
    renderEnvelope(whole.summary.envelope);
    renderBody(whole.summary.structure);
    renderBodyStructure(whole.summary.structure);
  }
});

test('treats entities nested deeper than the depth limit as opaque leaves', () => {
  const depth = 60;
  let message = '';
  for (let i = 0; i < depth; i++) message += `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n`;
  message += '\r\ninnermost\r\n';
  const bytes = Buffer.from(message);
  const { summary } = analyse(bytes, bytes.length, { maxHeaderSize: 4096, maxDepth: 5 });
  let part = summary.structure;
  let levels = 0;
  while (part.children[0] !== undefined && part.children[0].type === 'multipart') {
    part = part.children[0];
    levels++;
  }
  assert.equal(levels, 5);
  // The part at the limit is a leaf multipart: it gets the empty placeholder part, and its body runs to the end.
  assert.equal(part.children.length, 1);
  assert.equal(part.children[0]!.size, 0);
  assert.equal(part.end, bytes.length);
  assertInvariants(bytes, summary.structure);
});

test('records no more parts than the parts limit and keeps the rest inside the enclosing multipart', () => {
  let message = 'Content-Type: multipart/mixed; boundary=p\r\n\r\n';
  for (let i = 0; i < 50; i++) message += `--p\r\n\r\npart ${i}\r\n`;
  message += '--p--\r\n';
  const bytes = Buffer.from(message);
  const { summary } = analyse(bytes, 7, { maxHeaderSize: 4096, maxParts: 10 });
  assert.equal(summary.structure.children.length, 9);
  assert.equal(bytes.toString('latin1', summary.structure.children[8]!.bodyStart, summary.structure.children[8]!.end), 'part 8');
  assertInvariants(bytes, summary.structure);
});
