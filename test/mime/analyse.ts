// Helpers for the analyser tests: analysing in chunks of a given size, and the structural invariants
// every analysis keeps, whatever the input.
import assert from 'node:assert/strict';
import { MessageAnalyser, type AnalyserOptions, type BodyPart, type MessageAnalysis } from '../../src/mime/index.ts';

export function analyse(message: Buffer, chunkSize = message.length || 1, opts: AnalyserOptions = { maxHeaderSize: 65536 }): MessageAnalysis {
  const analyser = new MessageAnalyser(opts);
  for (let at = 0; at < message.length; at += chunkSize) analyser.push(message.subarray(at, at + chunkSize));
  return analyser.end();
}

/** Every range lies inside its parent's body, children follow each other, sizes and line counts match the bytes. */
export function assertInvariants(message: Buffer, part: BodyPart, within: { start: number; end: number } = { start: 0, end: message.length }): void {
  assert.ok(within.start <= part.headerStart && part.headerStart <= part.bodyStart && part.bodyStart <= part.end && part.end <= within.end, JSON.stringify({ within, part: { h: part.headerStart, b: part.bodyStart, e: part.end } }));
  assert.equal(part.size, part.end - part.bodyStart);
  const body = message.subarray(part.bodyStart, part.end);
  assert.equal(part.lines, body.filter((b) => b === 0x0a).length);
  if (part.type === 'multipart') assert.ok(part.children.length > 0);
  let previousEnd = part.bodyStart;
  for (const child of part.children) {
    assert.ok(child.headerStart >= previousEnd);
    assertInvariants(message, child, { start: part.bodyStart, end: part.end });
    previousEnd = child.end;
  }
  if (part.message !== null) {
    assert.equal(part.message.body.headerStart, part.bodyStart);
    assert.equal(part.message.body.end, part.end);
    assertInvariants(message, part.message.body, { start: part.bodyStart, end: part.end });
  }
}
