// Incremental scanner over a message's header section (RFC 5322 §2.1–2.2) as the bytes stream in.
//
// Contract:
// - `push` accepts Buffers of any size, split anywhere (even inside a CRLF); `end` finishes the scan.
// - The header section ends at the first empty line. A message with no empty line (no body) ends its
//   header section at the end of the data.
// - Fields are unfolded (RFC 5322 §2.2.3: a CRLF followed by WSP is removed) and returned in order.
// - Memory is bounded by `maxHeaderSize`: once the section grows past it, fields are no longer collected
//   and only the first bytes of each line are kept (to keep counting `Received` fields); the size keeps
//   counting until the empty line.
// - Never throws on malformed input: lines that are neither a field nor a continuation are skipped.
// Bare LF line endings are tolerated (the size counts the bytes actually seen).

export interface HeaderField {
  /** Field name as written (case preserved). */
  name: string;
  /** Unfolded value, leading and trailing whitespace removed; UTF-8 when valid (RFC 6532), else latin1. */
  value: string;
}

export interface HeaderScan {
  fields: HeaderField[];
  /** Number of `Received` fields (RFC 5321 §6.3 loop detection). */
  receivedCount: number;
  /** Octets of the header section, line endings included, the separating empty line excluded. */
  headerSize: number;
  /** The header section is larger than `maxHeaderSize`; `fields` is then incomplete. */
  exceeded: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;
/** Bytes of each line kept once collection stopped: enough for a field name like `Received:`. */
const LINE_HEAD_BYTES = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Raw header bytes as text: UTF-8 when valid (RFC 6532), else latin1, which maps every byte. */
function decodeHeaderBytes(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** The first field named `name` (case-insensitive); RFC 5322 §3.6 and RFC 2045 allow these once. */
export function firstFieldValue(fields: readonly HeaderField[], name: string): string | null {
  const lower = name.toLowerCase();
  const field = fields.find((f) => f.name.toLowerCase() === lower);
  return field === undefined ? null : field.value;
}

/** RFC 5322 §3.6.8: a field name is printable US-ASCII except the colon. */
function isFieldName(name: string): boolean {
  return /^[\x21-\x39\x3b-\x7e]+$/.test(name);
}

export class HeaderScanner {
  readonly #maxHeaderSize: number;
  readonly #fields: HeaderField[] = [];
  #receivedCount = 0;
  /** Octets of complete header lines seen so far. */
  #size = 0;
  #complete = false;
  #exceeded = false;

  /** The current physical line: stored parts, their total, and the line's real length. */
  #lineParts: Buffer[] = [];
  #lineStored = 0;
  #lineLength = 0;
  #lastByteWasCR = false;

  /** The logical field being unfolded: its name and value bytes; null when none is open. */
  #field: { name: string; parts: Buffer[] } | null = null;

  constructor(opts: { maxHeaderSize: number }) {
    this.#maxHeaderSize = opts.maxHeaderSize;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (!this.#complete && start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      this.#append(chunk.subarray(start, end));
      if (lf === -1) return;
      this.#endLine(1);
      start = lf + 1;
    }
  }

  /** Finishes the scan (end of data); the scanner must not be used afterwards. */
  end(): HeaderScan {
    if (!this.#complete && this.#lineLength > 0) this.#endLine(0);
    this.#closeField();
    this.#complete = true;
    return { fields: this.#fields, receivedCount: this.#receivedCount, headerSize: this.#size, exceeded: this.#exceeded };
  }

  #append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.#lineLength += bytes.length;
    this.#lastByteWasCR = bytes[bytes.length - 1] === CR;
    // A trailing CR may be half of the line's CRLF, which counts only once the LF arrives: an empty
    // separator line must never push an exactly-full header section over the limit.
    const counted = this.#lineLength - (this.#lastByteWasCR ? 1 : 0);
    if (!this.#exceeded && this.#size + counted > this.#maxHeaderSize) this.#stopCollecting(this.#lineParts[0]?.[0] ?? bytes[0]);
    const room = this.#exceeded ? LINE_HEAD_BYTES - this.#lineStored : bytes.length;
    if (room <= 0) return;
    // Copy: the caller may reuse its buffer once push returns.
    const kept = Buffer.from(bytes.subarray(0, room));
    this.#lineParts.push(kept);
    this.#lineStored += kept.length;
  }

  /** The line starting with `firstByte` crossed the limit: fields above it are kept, later ones not. */
  #stopCollecting(firstByte: number | undefined): void {
    this.#exceeded = true;
    // The open field is complete unless this line continues it.
    if (firstByte === SP || firstByte === HTAB) this.#field = null;
    else this.#closeField();
    if (this.#lineStored > LINE_HEAD_BYTES) {
      const head = Buffer.concat(this.#lineParts).subarray(0, LINE_HEAD_BYTES);
      this.#lineParts = [head];
      this.#lineStored = head.length;
    }
  }

  /** A physical line ended with a LF (`terminator` = 1) or at the end of the data (0). */
  #endLine(terminator: number): void {
    const crlf = terminator === 1 && this.#lastByteWasCR;
    const contentLength = this.#lineLength - (crlf ? 1 : 0);
    const stored = Buffer.concat(this.#lineParts);
    const content = stored.subarray(0, Math.min(stored.length, contentLength));
    const lineLength = this.#lineLength + terminator;
    this.#lineParts = [];
    this.#lineStored = 0;
    this.#lineLength = 0;
    this.#lastByteWasCR = false;

    if (contentLength === 0) {
      this.#closeField();
      this.#complete = true;
      return;
    }
    this.#size += lineLength;
    const first = content[0];
    if (!this.#exceeded && this.#size > this.#maxHeaderSize) this.#stopCollecting(first);
    if (first === SP || first === HTAB) {
      // RFC 5322 §2.2.3: a continuation line belongs to the field above it.
      this.#field?.parts.push(content);
      return;
    }
    this.#closeField();
    const colon = content.indexOf(COLON);
    if (colon === -1) return;
    // RFC 5322 §4.5 (obsolete syntax) allows whitespace between the name and the colon.
    const name = content.subarray(0, colon).toString('latin1').replace(/[ \t]+$/, '');
    if (!isFieldName(name)) return;
    if (name.toLowerCase() === 'received') this.#receivedCount++;
    if (!this.#exceeded) this.#field = { name, parts: [content.subarray(colon + 1)] };
  }

  #closeField(): void {
    if (this.#field === null) return;
    const value = decodeHeaderBytes(Buffer.concat(this.#field.parts)).replace(/^[ \t]+|[ \t]+$/g, '');
    this.#fields.push({ name: this.#field.name, value });
    this.#field = null;
  }
}
