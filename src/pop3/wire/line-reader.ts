// Frames POP3 input into command lines (RFC 1939 §3: CRLF-terminated lines; a bare LF is taken too,
// as most servers do). Pure: bytes in, lines out, no I/O. A line longer than the limit is an error
// the session cannot recover from (the rest of the line would be read as commands), so it ends there.

export type LineEvent = { readonly kind: 'line'; readonly text: string } | { readonly kind: 'too-long' };

export class LineReader {
  readonly #maxLineLength: number;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(maxLineLength: number) {
    this.#maxLineLength = maxLineLength;
  }

  /** Bytes received and not yet framed. */
  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  push(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
  }

  /** The next complete line (without its line ending), `too-long`, or null when more input is needed. */
  next(): LineEvent | null {
    const end = this.#buffer.indexOf(0x0a);
    if (end === -1) return this.#buffer.length > this.#maxLineLength ? { kind: 'too-long' } : null;
    const lineEnd = end > 0 && this.#buffer[end - 1] === 0x0d ? end - 1 : end;
    if (lineEnd > this.#maxLineLength) return { kind: 'too-long' };
    const text = this.#buffer.subarray(0, lineEnd).toString('utf8');
    this.#buffer = this.#buffer.subarray(end + 1);
    return { kind: 'line', text };
  }
}
