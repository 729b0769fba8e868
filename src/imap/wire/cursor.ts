// The token level of IMAP command arguments (RFC 9051 §9, RFC 3501 §9): atoms, numbers, quoted
// strings, literals (already framed by the command reader), NIL and parenthesised lists. A cursor walks
// the raw argument bytes of one command; every malformed token throws `ImapSyntaxError`, which the
// command parser turns into a typed result, so nothing else ever escapes.

/** Response codes a parse failure can carry (RFC 9051 §7.1). */
export type ParseErrorCode = 'BADCHARSET' | 'CLIENTBUG' | 'TOOBIG' | 'CANNOT';

export class ImapSyntaxError extends Error {
  /** `NO` only where an RFC demands it (an unsupported CHARSET, RFC 9051 §6.4.4); otherwise `BAD`. */
  readonly status: 'BAD' | 'NO';
  readonly code: ParseErrorCode | null;
  /** For BADCHARSET: the charsets we do support (RFC 9051 §7.1). */
  readonly codeArguments: readonly string[];

  constructor(message: string, status: 'BAD' | 'NO' = 'BAD', code: ParseErrorCode | null = null, codeArguments: readonly string[] = []) {
    super(message);
    this.name = 'ImapSyntaxError';
    this.status = status;
    this.code = code;
    this.codeArguments = codeArguments;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * RFC 9051 §9 ATOM-CHAR: any CHAR except atom-specials `( ) { SP CTL % * " \ ]`. Octets ≥ 0x80 are
 * accepted too (as Dovecot does): clients put UTF-8 in unquoted names, and the UTF-8 decoder and the
 * mailbox-name rules reject what is not valid.
 */
export function isAtomChar(c: number): boolean {
  if (c <= 0x20 || c === 0x7f) return false;
  return c !== 0x28 && c !== 0x29 && c !== 0x7b && c !== 0x25 && c !== 0x2a && c !== 0x22 && c !== 0x5c && c !== 0x5d;
}

/** ASTRING-CHAR = ATOM-CHAR / resp-specials (`]`). */
function isAstringChar(c: number): boolean {
  return c === 0x5d || isAtomChar(c);
}

/** list-char = ATOM-CHAR / list-wildcards / resp-specials (RFC 9051 §9, LIST patterns). */
function isListChar(c: number): boolean {
  return c === 0x25 || c === 0x2a || isAstringChar(c);
}

export const DEFAULT_MAX_LIST_DEPTH = 32;

export class ArgumentCursor {
  readonly #bytes: Uint8Array;
  #position = 0;
  #depth = 0;
  readonly #maxDepth: number;

  constructor(bytes: Uint8Array, maxDepth: number = DEFAULT_MAX_LIST_DEPTH) {
    this.#bytes = bytes;
    this.#maxDepth = maxDepth;
  }

  get atEnd(): boolean {
    return this.#position >= this.#bytes.length;
  }

  /** The next octet without consuming it, -1 at the end. */
  peek(): number {
    return this.#bytes[this.#position] ?? -1;
  }

  peekIs(char: string): boolean {
    return this.peek() === char.charCodeAt(0);
  }

  /** Consumes `char` when it is next. */
  accept(char: string): boolean {
    if (!this.peekIs(char)) return false;
    this.#position += 1;
    return true;
  }

  expect(char: string, what: string = `"${char}"`): void {
    if (!this.accept(char)) throw new ImapSyntaxError(`Expected ${what}`);
  }

  space(): void {
    this.expect(' ', 'a space');
  }

  end(): void {
    if (!this.atEnd) throw new ImapSyntaxError('Unexpected extra arguments');
  }

  /** Consumes `word` case-insensitively when it is next and not followed by more atom characters. */
  acceptWord(word: string): boolean {
    const end = this.#position + word.length;
    if (end > this.#bytes.length) return false;
    for (let i = 0; i < word.length; i++) {
      const a = this.#bytes[this.#position + i]!;
      const b = word.charCodeAt(i);
      if (a !== b && (a | 0x20) !== (b | 0x20)) return false;
    }
    const after = this.#bytes[end];
    if (after !== undefined && isAtomChar(after) && isAtomChar(word.charCodeAt(word.length - 1))) return false;
    this.#position = end;
    return true;
  }

  /** 1*ATOM-CHAR, as written. */
  atom(what: string = 'an atom'): string {
    return this.#run(isAtomChar, what);
  }

  /** Octets while `accepts` holds (for the parsers of fetch names and sequence sets). */
  takeWhile(accepts: (c: number) => boolean, what: string): string {
    return this.#run(accepts, what);
  }

  /** number (RFC 9051 §9): up to 2^32-1, or a mod-sequence value up to 2^53-1 when `wide`. */
  number(what: string = 'a number', wide = false): number {
    const digits = this.#run((c) => c >= 0x30 && c <= 0x39, what);
    const value = Number(digits);
    const max = wide ? Number.MAX_SAFE_INTEGER : 0xffffffff;
    if (digits.length > 16 || value > max) throw new ImapSyntaxError(`Too large: ${what}`);
    return value;
  }

  /** nz-number: a number that is not zero. */
  nonZeroNumber(what: string = 'a non-zero number', wide = false): number {
    const value = this.number(what, wide);
    if (value === 0) throw new ImapSyntaxError(`Zero is not allowed for ${what}`);
    return value;
  }

  /** string = quoted / literal, as octets. */
  stringBytes(): Uint8Array {
    const c = this.peek();
    if (c === 0x22) return this.#quoted();
    if (c === 0x7b) return this.#literal().bytes;
    throw new ImapSyntaxError('Expected a string');
  }

  string(): string {
    return decodeUtf8(this.stringBytes());
  }

  /** astring = 1*ASTRING-CHAR / string. */
  astring(what: string = 'a string'): string {
    const c = this.peek();
    if (c === 0x22 || c === 0x7b) return this.string();
    return this.#run(isAstringChar, what);
  }

  /** nstring = string / NIL. */
  nstring(): string | null {
    if (this.acceptWord('NIL')) return null;
    return this.string();
  }

  /** list-mailbox = 1*list-char / string (a LIST pattern). */
  listMailbox(): string {
    const c = this.peek();
    if (c === 0x22 || c === 0x7b) return this.string();
    return this.#run(isListChar, 'a mailbox pattern');
  }

  /** A literal in a position that takes a message: `{n}` or, with BINARY, `~{n}` (RFC 3516 §4.1). */
  literal(): { bytes: Uint8Array; binary: boolean } {
    if (!this.peekIs('{') && !this.peekIs('~')) throw new ImapSyntaxError('Expected a literal');
    return this.#literal();
  }

  /** `(` item *(SP item) `)`; `allowEmpty` for lists the grammar lets be `()`. */
  list<T>(item: () => T, allowEmpty: boolean): T[] {
    this.expect('(', 'a parenthesised list');
    return this.listRest(item, allowEmpty);
  }

  /** The rest of a list whose `(` the caller consumed; bounds the nesting depth. */
  listRest<T>(item: () => T, allowEmpty: boolean): T[] {
    this.#depth += 1;
    if (this.#depth > this.#maxDepth) throw new ImapSyntaxError('Too deeply nested parentheses');
    const items: T[] = [];
    if (this.accept(')')) {
      if (!allowEmpty) throw new ImapSyntaxError('Empty list');
    } else {
      items.push(item());
      while (this.accept(' ')) items.push(item());
      this.expect(')');
    }
    this.#depth -= 1;
    return items;
  }

  /** The same bound for recursive grammar that nests without parentheses (SEARCH NOT/OR). */
  nested<T>(inner: () => T): T {
    this.#depth += 1;
    if (this.#depth > this.#maxDepth) throw new ImapSyntaxError('Too deeply nested search keys');
    const value = inner();
    this.#depth -= 1;
    return value;
  }

  #run(accepts: (c: number) => boolean, what: string): string {
    const start = this.#position;
    while (this.#position < this.#bytes.length && accepts(this.#bytes[this.#position]!)) this.#position += 1;
    if (this.#position === start) throw new ImapSyntaxError(`Expected ${what}`);
    return decodeUtf8(this.#bytes.subarray(start, this.#position));
  }

  /** quoted = DQUOTE *QUOTED-CHAR DQUOTE, `\` escaping only `"` and `\` (RFC 9051 §9). */
  #quoted(): Uint8Array {
    this.#position += 1;
    const out: number[] = [];
    for (;;) {
      const c = this.#bytes[this.#position];
      if (c === undefined || c === 0x0d || c === 0x0a || c === 0x00) throw new ImapSyntaxError('Unterminated quoted string');
      this.#position += 1;
      if (c === 0x22) return Uint8Array.from(out);
      if (c === 0x5c) {
        const escaped = this.#bytes[this.#position];
        if (escaped !== 0x22 && escaped !== 0x5c) throw new ImapSyntaxError('Invalid escape in quoted string');
        this.#position += 1;
        out.push(escaped);
      } else {
        out.push(c);
      }
    }
  }

  /** `{n}`/`{n+}`/`~{n}` CRLF and n octets; the reader framed them, so a mismatch is malformed input. */
  #literal(): { bytes: Uint8Array; binary: boolean } {
    const binary = this.accept('~');
    this.expect('{', 'a literal');
    const size = this.number('a literal size');
    this.accept('+');
    this.expect('}');
    if (!this.accept('\r') || !this.accept('\n')) throw new ImapSyntaxError('Expected CRLF after a literal size');
    const start = this.#position;
    if (start + size > this.#bytes.length) throw new ImapSyntaxError('Literal shorter than announced');
    this.#position += size;
    const bytes = this.#bytes.subarray(start, this.#position);
    // RFC 9051 §4.3: a literal holds no NUL; only a literal8 may (RFC 3516 §4.1).
    if (!binary && bytes.includes(0)) throw new ImapSyntaxError('NUL in a literal');
    return { bytes, binary };
  }
}

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ImapSyntaxError('Invalid UTF-8');
  }
}
