// Full text for SEARCH BODY/TEXT (RFC 9051 §6.4.4), extracted while the message streams in, as two
// texts kept apart (BODY searches the body only, TEXT both):
// - body text: every text/* part (at any depth, encapsulated messages included) decoded from its
//   transfer encoding (RFC 2045 §6.7 quoted-printable, §6.8 base64) and its charset (TextDecoder; an
//   unknown charset is read as UTF-8), HTML tags dropped crudely;
// - header text: every header field of every entity (the message, its MIME parts, encapsulated
//   messages), `Name: value` with RFC 2047 encoded words decoded (TEXT looks in "the header (including
//   MIME header fields)").
// Each is capped so memory stays bounded.
import type { HeaderField } from './header-scanner.ts';
import { decodeEncodedWords } from './encoded-word.ts';

/** Characters of body search text kept per message. */
export const SEARCH_TEXT_LIMIT = 1024 * 1024;
/** Characters of header search text kept per message. */
export const HEADER_TEXT_LIMIT = 256 * 1024;

const CR = 0x0d;
const EQUALS = 0x3d;
const NOT_BASE64 = /[^A-Za-z0-9+/]/g;
const QP_ESCAPE = /^[0-9A-Fa-f]{2}$/;

/** The message's search text: part texts in order, one line break between parts, at most `limit` characters. */
export class SearchText {
  readonly #limit: number;
  #parts: string[] = [];
  #length = 0;

  constructor(limit = SEARCH_TEXT_LIMIT) {
    this.#limit = limit;
  }

  get length(): number {
    return this.#length;
  }

  get full(): boolean {
    return this.#length >= this.#limit;
  }

  append(text: string): void {
    const room = this.#limit - this.#length;
    if (room <= 0 || text === '') return;
    const kept = text.length <= room ? text : text.slice(0, room);
    this.#parts.push(kept);
    this.#length += kept.length;
  }

  toString(): string {
    return this.#parts.join('');
  }
}

/** Adds one entity's header fields, one `Name: decoded value` line each. */
export function appendHeaderFields(out: SearchText, fields: readonly HeaderField[]): void {
  for (const field of fields) {
    if (out.full) return;
    out.append(`${field.name}: ${decodeEncodedWords(field.value)}\n`);
  }
}

function withoutCR(bytes: Buffer): Buffer {
  return bytes.includes(CR) ? Buffer.from(bytes.filter((b) => b !== CR)) : bytes;
}

function textDecoder(charset: string): TextDecoder {
  try {
    return new TextDecoder(charset);
  } catch {
    return new TextDecoder('utf-8');
  }
}

/** Decodes one text part's body, fed line by line (a long line in several segments), into a SearchText. */
export class PartText {
  readonly #out: SearchText;
  readonly #encoding: string;
  readonly #decoder: TextDecoder;
  readonly #html: boolean;
  /** Undecoded tail: an unfinished `=XX` (quoted-printable) or base64 quantum. */
  #carry: Buffer = Buffer.alloc(0);
  #inTag = false;

  constructor(out: SearchText, part: { encoding: string; subtype: string; charset: string }) {
    this.#out = out;
    this.#encoding = part.encoding;
    this.#decoder = textDecoder(part.charset);
    this.#html = part.subtype === 'html';
    if (this.#out.length > 0) this.#out.append('\n');
  }

  /** Body bytes of the current line (no line feed). */
  write(bytes: Buffer): void {
    if (this.#encoding === 'base64') {
      const text = this.#carry.toString('latin1') + bytes.toString('latin1').replace(NOT_BASE64, '');
      const whole = text.length - (text.length % 4);
      this.#carry = Buffer.from(text.slice(whole), 'latin1');
      this.#emit(Buffer.from(text.slice(0, whole), 'base64'));
    } else if (this.#encoding === 'quoted-printable') {
      this.#emit(this.#decodeQuotedPrintable(Buffer.concat([this.#carry, withoutCR(bytes)])));
    } else {
      this.#emit(withoutCR(bytes));
    }
  }

  endLine(): void {
    if (this.#encoding === 'base64') return;
    // RFC 2045 §6.7 rule 5: a line ending in `=` is a soft line break.
    const soft = this.#encoding === 'quoted-printable' && this.#carry.length === 1 && this.#carry[0] === EQUALS;
    if (this.#carry.length > 0 && !soft) this.#emit(this.#carry);
    this.#carry = Buffer.alloc(0);
    if (!soft) this.#emit(Buffer.from('\n'));
  }

  finish(): void {
    if (this.#carry.length > 0) this.#emit(this.#encoding === 'base64' ? Buffer.from(this.#carry.toString('latin1'), 'base64') : this.#carry);
    this.#carry = Buffer.alloc(0);
    this.#appendText(this.#decoder.decode());
  }

  #decodeQuotedPrintable(bytes: Buffer): Buffer {
    const out: number[] = [];
    let i = 0;
    for (; i < bytes.length; i++) {
      const byte = bytes[i] ?? 0;
      if (byte !== EQUALS) {
        out.push(byte);
        continue;
      }
      if (i + 2 >= bytes.length) break;
      const hex = bytes.toString('latin1', i + 1, i + 3);
      if (QP_ESCAPE.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
      } else {
        out.push(byte);
      }
    }
    this.#carry = Buffer.from(bytes.subarray(i));
    return Buffer.from(out);
  }

  #emit(bytes: Buffer): void {
    if (bytes.length > 0) this.#appendText(this.#decoder.decode(bytes, { stream: true }));
  }

  #appendText(text: string): void {
    if (!this.#html) {
      this.#out.append(text);
      return;
    }
    let kept = '';
    for (const c of text) {
      if (this.#inTag) {
        if (c === '>') {
          this.#inTag = false;
          kept += ' ';
        }
      } else if (c === '<') {
        this.#inTag = true;
      } else {
        kept += c;
      }
    }
    this.#out.append(kept);
  }
}
