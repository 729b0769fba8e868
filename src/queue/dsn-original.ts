// The third part of a delivery status notification: the original message or its header section
// (RFC 6522 §3: optional; RFC 3464 §2: `message/rfc822` or `text/rfc822-headers`).
//
// Contract: the original is read from its source only as far as needed and never further than
// `limit + 1` bytes (a stream is destroyed once enough is read), so a DSN about a 25 MB message
// holds at most `limit` bytes of it; the part returned is at most `limit` bytes plus the line
// endings added to bare LFs.
// - The whole message is returned (`full`) only when it was wanted, fits the limit, and can travel as
//   7bit or 8bit MIME (RFC 2046 §5.2.1 allows no other encoding for message/rfc822): no NUL, no line
//   over 998 octets (RFC 5322 §2.1.1). Otherwise its header section is returned (`headers`).
// - A header section with 8-bit bytes (an RFC 6532 UTF-8 message) is returned as `message/global`
//   (RFC 6532 §3.7) in full, or as `text/rfc822-headers; charset=utf-8` with headers only, so the DSN
//   needs 8BITMIME but not SMTPUTF8. A header section that cannot be 7bit/8bit text (NUL, very long
//   lines, bytes that are not UTF-8) is sent quoted-printable.
// - A header section larger than the limit is cut after its last complete field that fits.
// Invariant: the returned bytes use CRLF line endings only.
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';

/** The original message: a Buffer, or any byte stream (a Readable, a blob read stream). */
export type OriginalSource = Buffer | AsyncIterable<Uint8Array | string>;

export interface ReturnedPart {
  kind: 'full' | 'headers';
  /** Content-Type value of the part. */
  contentType: string;
  transferEncoding: '7bit' | '8bit' | 'quoted-printable';
  /** The part's body, encoded, CRLF line endings. */
  body: Buffer;
  /** The original's Message-ID (`<…>`), for the DSN's References field. */
  messageId: string | null;
}

/** What is known after reading: the bytes read, and whether they are the whole message. */
interface Prefix {
  data: Buffer;
  complete: boolean;
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const LF_LF = Buffer.from('\n\n');
const MAX_LINE = 998;

/** Where the header section ends (after its last CRLF) or -1; also accepts bare-LF messages. */
function headerEnd(data: Buffer): number {
  if (data.length >= 2 && data[0] === 0x0d && data[1] === 0x0a) return 0;
  if (data.length >= 1 && data[0] === 0x0a) return 0;
  const crlf = data.indexOf(CRLF_CRLF);
  const lf = data.indexOf(LF_LF);
  if (crlf === -1) return lf === -1 ? -1 : lf + 1;
  return lf === -1 || crlf < lf ? crlf + 2 : lf + 1;
}

/**
 * Reads at most `limit + 1` bytes; with `headersOnly` it stops as soon as the header section has
 * ended. Breaking out of `for await` closes the source (a Readable is destroyed).
 */
export async function readOriginal(source: OriginalSource, limit: number, headersOnly: boolean): Promise<Prefix> {
  if (Buffer.isBuffer(source)) return { data: source.subarray(0, limit + 1), complete: source.length <= limit };
  const chunks: Buffer[] = [];
  let total = 0;
  let complete = true;
  let tail: Buffer | null = null;
  for await (const piece of source) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    chunks.push(chunk);
    total += chunk.length;
    if (total > limit) {
      complete = false;
      break;
    }
    if (headersOnly) {
      // Only the end of what came before plus this chunk can hold a header end not seen before.
      const window: Buffer = tail === null ? chunk : Buffer.concat([tail, chunk]);
      const ended = tail === null ? headerEnd(window) >= 0 : window.includes(CRLF_CRLF) || window.includes(LF_LF);
      if (ended) {
        complete = false;
        break;
      }
      tail = total === 0 ? null : window.subarray(Math.max(0, window.length - 3));
    }
  }
  const data = Buffer.concat(chunks, total);
  return { data: data.subarray(0, limit + 1), complete: complete && total <= limit };
}

/** Bare LF and bare CR become CRLF (RFC 5322 §2.3: CR and LF only together). */
export function toCrlf(data: Buffer): Buffer {
  if (!data.includes(0x0a) && !data.includes(0x0d)) return data;
  const text = data.toString('latin1');
  if (!/\r(?!\n)|(?<!\r)\n/.test(text)) return data;
  return Buffer.from(text.replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');
}

/** RFC 2045 §6.7 quoted-printable, lines at most 76 characters, CRLF line breaks. */
export function quotedPrintable(data: Buffer): string {
  return wrapQuotedPrintable(encodeQuotedPrintable(data), 76).replace(/\r?\n/g, '\r\n');
}

interface Shape {
  eightBit: boolean;
  /** NUL bytes or lines over 998 octets: not valid as 7bit or 8bit MIME (RFC 2045 §2.7–2.8). */
  binary: boolean;
}

function shapeOf(data: Buffer): Shape {
  let eightBit = false;
  let binary = false;
  let lineStart = 0;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i] ?? 0;
    if (byte === 0) binary = true;
    else if (byte >= 0x80) eightBit = true;
    else if (byte === 0x0a) {
      if (i - 1 - lineStart > MAX_LINE) binary = true;
      lineStart = i + 1;
    }
  }
  if (data.length - lineStart > MAX_LINE) binary = true;
  return { eightBit, binary };
}

function isUtf8(data: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * The header section of what was read: up to the empty line, or the whole of a complete message
 * without one, or (cut by the limit) up to the last field boundary inside the limit.
 */
function headerSection(prefix: Prefix, limit: number): Buffer {
  const end = headerEnd(prefix.data);
  if (end >= 0 && end <= limit) return prefix.data.subarray(0, end);
  if (prefix.complete) return prefix.data;
  const inLimit = prefix.data.subarray(0, limit);
  // A field starts at a line start that is not folding white space (RFC 5322 §2.2.3).
  for (let at = inLimit.lastIndexOf(0x0a); at > 0; at = inLimit.lastIndexOf(0x0a, at - 1)) {
    const next = prefix.data[at + 1];
    if (next !== undefined && next !== 0x20 && next !== 0x09) return inLimit.subarray(0, at + 1);
  }
  return Buffer.alloc(0);
}

/** The first Message-ID field's `<id>`, when it is plain ASCII. */
function messageIdOf(headers: Buffer): string | null {
  const unfolded = headers.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const match = /^Message-ID:[ \t]*(<[\x21-\x3d\x3f-\x7e]{1,900}>)/im.exec(unfolded);
  return match?.[1] ?? null;
}

/** `text/rfc822-headers` (RFC 6522 §4) for whatever the header section holds. */
function headersPart(headers: Buffer, messageId: string | null): ReturnedPart {
  const shape = shapeOf(headers);
  if (!shape.eightBit && !shape.binary) {
    return { kind: 'headers', contentType: 'text/rfc822-headers', transferEncoding: '7bit', body: headers, messageId };
  }
  const utf8 = isUtf8(headers);
  if (utf8 && !shape.binary) {
    return { kind: 'headers', contentType: 'text/rfc822-headers; charset=utf-8', transferEncoding: '8bit', body: headers, messageId };
  }
  // RFC 1428: `unknown-8bit` names bytes whose charset is not known.
  const charset = utf8 ? 'utf-8' : 'unknown-8bit';
  const body = Buffer.from(quotedPrintable(headers), 'ascii');
  return { kind: 'headers', contentType: `text/rfc822-headers; charset=${charset}`, transferEncoding: 'quoted-printable', body, messageId };
}

/**
 * Chooses and encodes the returned part from what `readOriginal` read. `wantFull`: the sender asked
 * for (or the policy gives) the full message.
 */
export function returnedPart(prefix: Prefix, limit: number, wantFull: boolean): ReturnedPart | null {
  const data = toCrlf(prefix.data);
  const normalised = { data, complete: prefix.complete };
  const headers = headerSection(normalised, limit);
  const messageId = messageIdOf(headers);
  if (wantFull && prefix.complete) {
    const shape = shapeOf(data);
    if (!shape.binary) {
      // RFC 6532 §3.7: a message whose header fields hold UTF-8 is message/global.
      const global = shapeOf(headers).eightBit;
      return {
        kind: 'full',
        contentType: global ? 'message/global' : 'message/rfc822',
        transferEncoding: shape.eightBit ? '8bit' : '7bit',
        body: data,
        messageId,
      };
    }
  }
  if (headers.length === 0) return null;
  return headersPart(headers, messageId);
}
