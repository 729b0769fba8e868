// The message as served to a client: the mailbox entry's prefix (per-recipient header lines) followed by
// the stored blob (DESIGN.md "Storage"). Turns spans of it into FETCH literal parts (prefix octets and
// blob ranges the session streams) and reads small spans (header sections, one part to decode) into memory.
import type { BlobStore } from '../../store/types.ts';
import type { BlobRange } from '../wire/index.ts';
import type { ServedSpan } from './section.ts';

export interface ServedMessage {
  readonly blobHash: string;
  readonly prefix: Buffer;
}

/** The literal parts of a span, nothing read: prefix octets as bytes, the rest as a blob range. */
export function spanParts(message: ServedMessage, span: ServedSpan): Array<Uint8Array | BlobRange> {
  const parts: Array<Uint8Array | BlobRange> = [];
  const prefixLength = message.prefix.length;
  if (span.start < prefixLength) parts.push(message.prefix.subarray(span.start, Math.min(span.end, prefixLength)));
  const start = Math.max(span.start, prefixLength) - prefixLength;
  const end = span.end - prefixLength;
  if (end > start) parts.push({ kind: 'blob-range', source: message.blobHash, offset: start, length: end - start });
  return parts;
}

/** Reads a span into memory; for header sections and single parts, never the whole mailbox. */
export async function readSpan(blobs: BlobStore, message: ServedMessage, span: ServedSpan): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (const part of spanParts(message, span)) {
    if (part instanceof Uint8Array) {
      chunks.push(Buffer.from(part));
      continue;
    }
    for await (const chunk of blobs.open(part.source, { start: part.offset, end: part.offset + part.length })) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Cuts `<start, end>` out of a list of literal parts without reading any blob. */
export function sliceParts(parts: ReadonlyArray<Uint8Array | BlobRange>, start: number, end: number): Array<Uint8Array | BlobRange> {
  const out: Array<Uint8Array | BlobRange> = [];
  let at = 0;
  for (const part of parts) {
    const from = Math.max(start, at) - at;
    const to = Math.min(end, at + part.length) - at;
    if (to > from) out.push(part instanceof Uint8Array ? part.subarray(from, to) : { ...part, offset: part.offset + from, length: to - from });
    at += part.length;
  }
  return out;
}
