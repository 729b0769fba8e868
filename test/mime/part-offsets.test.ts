import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { analyse } from './analyse.ts';

const read = (name: string): Promise<Buffer> => readFile(new URL(`../fixtures/mime/${name}.eml`, import.meta.url));

test('slices every part of a multipart/mixed message to its exact MIME header and body bytes', async () => {
  const message = await read('mixed-attachment');
  const root = analyse(message).summary.structure;
  const text = (from: number, to: number): string => message.toString('latin1', from, to);
  assert.ok(text(root.headerStart, root.bodyStart).startsWith('From: Carol <carol@example.org>\r\n'));
  assert.ok(text(root.headerStart, root.bodyStart).endsWith('boundary="outer"\r\n\r\n'));
  const [alternative, pdf] = root.children;
  assert.equal(text(alternative!.headerStart, alternative!.bodyStart), 'Content-Type: multipart/alternative; boundary="outer-inner"\r\n\r\n');
  const [plain, html] = alternative!.children;
  assert.equal(text(plain!.headerStart, plain!.bodyStart), 'Content-Type: text/plain; charset="us-ascii"\r\n\r\n');
  assert.equal(text(plain!.bodyStart, plain!.end), 'See the report.');
  assert.equal(text(html!.bodyStart, html!.end), '<p>See the report.</p>');
  // The epilogue of the inner multipart (an empty line) belongs to its body, not to the next part.
  assert.ok(text(alternative!.bodyStart, alternative!.end).endsWith('--outer-inner--\r\n'));
  assert.equal(text(pdf!.bodyStart, pdf!.end), 'JVBERi0xLjQK\r\nJSVFT0YK');
  assert.equal(root.end, message.length);
});

test('gives an encapsulated message its own header and body inside the message/rfc822 part', async () => {
  const message = await read('message-rfc822');
  const [, forwarded] = analyse(message).summary.structure.children;
  const inner = forwarded!.message!.body;
  assert.equal(inner.headerStart, forwarded!.bodyStart);
  assert.ok(message.toString('latin1', inner.headerStart, inner.bodyStart).startsWith('From: Orig Sender <orig@example.com>\r\n'));
  assert.equal(message.toString('latin1', inner.children[0]!.bodyStart, inner.children[0]!.end), 'Original text');
  assert.ok(message.toString('latin1', forwarded!.bodyStart, forwarded!.end).endsWith('--inner--\r\n'));
});

test('ends a part at a delimiter of an outer multipart when its own close delimiter is missing', async () => {
  const message = await read('malformed-headers');
  const [first, related, last] = analyse(message).summary.structure.children;
  assert.equal(message.toString('latin1', first!.bodyStart, first!.end), 'first part\r\n--abcdef\r\nstill first part (a longer boundary is not this one)');
  assert.equal(message.toString('latin1', related!.children[0]!.bodyStart, related!.children[0]!.end), 'unterminated inner');
  assert.equal(related!.end, related!.children[0]!.end);
  assert.equal(message.toString('latin1', last!.headerStart, last!.bodyStart), 'no header separator line\r\n');
  assert.equal(last!.end, message.length);
});

test('puts the body of a message without an empty line at its end, with size 0', async () => {
  const message = await read('no-body');
  const root = analyse(message).summary.structure;
  assert.deepEqual([root.bodyStart, root.end, root.size], [message.length, message.length, 0]);
});

test('places the empty part of a multipart without parts at the multipart body end', async () => {
  const message = await read('encoded-rfc822-and-empty-multipart');
  const [encoded, empty] = analyse(message).summary.structure.children;
  assert.equal(encoded!.message, null);
  assert.equal(message.toString('latin1', encoded!.bodyStart, encoded!.end), 'RnJvbTogeEB5DQoNCmhp');
  assert.equal(message.toString('latin1', empty!.bodyStart, empty!.end), 'no boundary parameter here');
  const [synthetic] = empty!.children;
  assert.deepEqual([synthetic!.headerStart, synthetic!.bodyStart, synthetic!.end], [empty!.end, empty!.end, empty!.end]);
});
