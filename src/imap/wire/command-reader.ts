// Incremental IMAP command framing (RFC 9051 §2.2.1, §4.3; RFC 3501 §7.5). Bytes go in split anywhere;
// complete commands come out as tag + name + the raw argument bytes, literals included, so the parser
// never sees a half command. The reader does no I/O: when a synchronizing literal `{n}` is announced it
// reports `continue` and the session sends `+ Ready` (RFC 9051 §7.5); `{n+}` (LITERAL+, RFC 7888) and
// `~{n}` literal8 (BINARY, RFC 3516 §4.1) are read the same way. It is pull-based (`push` then `next`
// until null) so the session handles one command at a time and can read a bare line for IDLE's `DONE`
// or an AUTHENTICATE response with `nextLine`.
//
// Limits, and whether the connection stays in sync after each one:
// - a line segment (the bytes between literals) longer than `maxLineLength`: fatal. The rest of the line
//   may announce a literal we can no longer frame, so the session answers `* BYE` and closes (Dovecot too).
// - a synchronizing literal over `maxLiteralSize`, over `maxCommandSize` in total, or one literal too
//   many: the client waits for `+` before sending it, so the reader refuses it without reading a byte
//   and the session answers `NO [TOOBIG]` / `BAD` (RFC 9051 §7.1; RFC 7888 §4 "server MAY reject").
// - the same over a non-synchronizing literal: its octets are already on the way. RFC 7888 §4 leaves
//   the server to read and discard them or to close; like Dovecot we close (`BAD [TOOBIG]`, `* BYE`),
//   since discarding would mean reading up to 4 GB for nothing.

export interface CommandReaderLimits {
  /** Octets of one line segment, CRLF excluded. */
  readonly maxLineLength: number;
  /** Octets of one literal. */
  readonly maxLiteralSize: number;
  /** Octets of all literals of one command together. */
  readonly maxCommandSize: number;
  readonly maxLiteralsPerCommand: number;
}

export const DEFAULT_READER_LIMITS: CommandReaderLimits = {
  maxLineLength: 64 * 1024,
  maxLiteralSize: 64 * 1024 * 1024,
  maxCommandSize: 64 * 1024 * 1024,
  maxLiteralsPerCommand: 1000,
};

/** One complete command: `name` upper-cased, `args` the bytes after it (empty, or starting with its SP). */
export interface RawCommand {
  readonly tag: string;
  readonly name: string;
  readonly args: Buffer;
}

export type ReaderErrorKind = 'line-too-long' | 'literal-too-large' | 'command-too-large' | 'too-many-literals' | 'bad-tag';

export interface ReaderError {
  readonly kind: ReaderErrorKind;
  /** The command's tag when it could be read, for a tagged reply; null means answer `* BAD`. */
  readonly tag: string | null;
  /** True when the reader cannot frame what follows: reply, then close the connection. */
  readonly fatal: boolean;
  readonly text: string;
}

export type ReaderEvent =
  | { readonly kind: 'command'; readonly command: RawCommand }
  | { readonly kind: 'continue' }
  | { readonly kind: 'error'; readonly error: ReaderError };

/** `{n}`, `{n+}`, `~{n}` or `~{n+}` right before the line end (RFC 9051 §9 literal, RFC 3516 literal8). */
const LITERAL_MARKER = /(~?)\{(\d{1,20})(\+?)\}$/;
/** RFC 9051 §9: tag = 1*<any ASTRING-CHAR except "+">; the command name is an atom. */
const COMMAND_START = /^([\x21\x23\x24\x26\x27\x2c-\x5b\x5d-\x7a\x7c\x7e]+) ([A-Za-z][A-Za-z0-9.\-=]*)(?= |$)/;
const TAG_ONLY = /^([\x21\x23\x24\x26\x27\x2c-\x5b\x5d-\x7a\x7c\x7e]+)(?: |$)/;

interface PendingCommand {
  segments: Buffer[];
  literals: number;
  literalBytes: number;
}

export class CommandReader {
  readonly #limits: CommandReaderLimits;
  #buffer: Buffer = Buffer.alloc(0);
  /** Where to resume the search for LF inside `#buffer`, so a slow trickle stays linear. */
  #scanned = 0;
  #pending: PendingCommand | null = null;
  #literalRemaining = 0;

  constructor(limits: CommandReaderLimits = DEFAULT_READER_LIMITS) {
    this.#limits = limits;
  }

  /** Octets received and not yet framed: the session pauses the socket above its own bound. */
  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk]);
  }

  /** The next event, or null when more bytes are needed. */
  next(): ReaderEvent | null {
    for (;;) {
      if (this.#literalRemaining > 0) {
        if (!this.#takeLiteral()) return null;
        continue;
      }
      const line = this.#takeLine();
      if (line === null) return this.#lineLimitError();
      if (line === 'too-long') return this.#fatal('line-too-long', 'Command line too long');
      if (this.#pending === null && line.length === 0) continue;
      const event = this.#onLine(line);
      if (event !== null) return event;
    }
  }

  /**
   * A bare line outside any command (IDLE's `DONE`, RFC 2177 §3; an AUTHENTICATE response, RFC 9051
   * §6.2.2), without literal framing. Call only between commands. Null when more bytes are needed.
   */
  nextLine(): { readonly kind: 'line'; readonly text: string } | { readonly kind: 'error'; readonly error: ReaderError } | null {
    const line = this.#takeLine();
    if (line === 'too-long') return { kind: 'error', error: this.#fatalError('line-too-long', 'Line too long') };
    if (line === null) {
      const error = this.#lineLimitError();
      return error === null || error.kind !== 'error' ? null : error;
    }
    return { kind: 'line', text: line.toString('latin1') };
  }

  #onLine(line: Buffer): ReaderEvent | null {
    const pending = this.#pending ?? { segments: [], literals: 0, literalBytes: 0 };
    this.#pending = pending;
    pending.segments.push(line);
    const marker = LITERAL_MARKER.exec(line.toString('latin1', Math.max(0, line.length - 25)));
    if (marker === null) return this.#complete(pending);
    const size = Number(marker[2]);
    const synchronizing = marker[3] !== '+';
    const refusal = this.#literalRefusal(pending, size);
    if (refusal !== null) {
      const tag = this.#tagOf(pending);
      this.#pending = null;
      const error: ReaderError = { kind: refusal.kind, tag, fatal: !synchronizing, text: refusal.text };
      return { kind: 'error', error };
    }
    pending.literals += 1;
    pending.literalBytes += size;
    pending.segments.push(Buffer.from('\r\n'));
    this.#literalRemaining = size;
    return synchronizing ? { kind: 'continue' } : null;
  }

  #literalRefusal(pending: PendingCommand, size: number): { kind: ReaderErrorKind; text: string } | null {
    if (pending.literals >= this.#limits.maxLiteralsPerCommand) return { kind: 'too-many-literals', text: 'Too many literals in one command' };
    if (size > this.#limits.maxLiteralSize) return { kind: 'literal-too-large', text: 'Literal too large' };
    if (pending.literalBytes + size > this.#limits.maxCommandSize) return { kind: 'command-too-large', text: 'Command too large' };
    return null;
  }

  #complete(pending: PendingCommand): ReaderEvent {
    this.#pending = null;
    const bytes = pending.segments.length === 1 ? pending.segments[0]! : Buffer.concat(pending.segments);
    const head = COMMAND_START.exec(bytes.toString('latin1', 0, Math.min(bytes.length, 200)));
    if (head === null) {
      const error: ReaderError = { kind: 'bad-tag', tag: this.#tagOf(pending), fatal: false, text: 'Missing or invalid tag or command name' };
      return { kind: 'error', error };
    }
    const start = head[0].length;
    const command: RawCommand = { tag: head[1]!, name: head[2]!.toUpperCase(), args: bytes.subarray(start) };
    return { kind: 'command', command };
  }

  #tagOf(pending: PendingCommand): string | null {
    const first = pending.segments[0];
    if (first === undefined) return null;
    const match = TAG_ONLY.exec(first.toString('latin1', 0, Math.min(first.length, 200)));
    return match === null ? null : match[1]!;
  }

  #takeLiteral(): boolean {
    const take = Math.min(this.#literalRemaining, this.#buffer.length);
    if (take === 0) return false;
    this.#pending!.segments.push(this.#buffer.subarray(0, take));
    this.#buffer = this.#buffer.subarray(take);
    this.#scanned = 0;
    this.#literalRemaining -= take;
    return this.#literalRemaining === 0;
  }

  /** The next line without its CRLF (a bare LF is accepted, as Dovecot does), null if incomplete. */
  #takeLine(): Buffer | 'too-long' | null {
    const lf = this.#buffer.indexOf(0x0a, this.#scanned);
    if (lf === -1) {
      this.#scanned = this.#buffer.length;
      return null;
    }
    const end = lf > 0 && this.#buffer[lf - 1] === 0x0d ? lf - 1 : lf;
    if (end > this.#limits.maxLineLength) return 'too-long';
    const line = Buffer.from(this.#buffer.subarray(0, end));
    this.#buffer = this.#buffer.subarray(lf + 1);
    this.#scanned = 0;
    return line;
  }

  /** An unterminated line already past the limit cannot become valid: say so without waiting for LF. */
  #lineLimitError(): ReaderEvent | null {
    if (this.#buffer.length <= this.#limits.maxLineLength + 1) return null;
    return this.#fatal('line-too-long', 'Command line too long');
  }

  #fatal(kind: ReaderErrorKind, text: string): ReaderEvent {
    return { kind: 'error', error: this.#fatalError(kind, text) };
  }

  #fatalError(kind: ReaderErrorKind, text: string): ReaderError {
    const tag = this.#pending === null ? null : this.#tagOf(this.#pending);
    this.#pending = null;
    this.#buffer = Buffer.alloc(0);
    this.#scanned = 0;
    return { kind, tag, fatal: true, text };
  }
}
