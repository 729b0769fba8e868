// The 7-bit encodings of DSN parameters and report fields, both ways: xtext (RFC 3461 §4) for ENVID and
// ORCPT values, and utf-8-addr-xtext (RFC 6533 §3) for non-ASCII addresses.
//
// The decoders are total: they return null for anything their grammar does not produce, never throw,
// and decode what the encoders make back to the original text.

/** RFC 3461 §4: xtext, "+" and two upper-case hex digits for anything outside "!".."~" and for "+" and "=". */
export function xtext(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out += byte >= 0x21 && byte <= 0x7e && byte !== 0x2b && byte !== 0x3d ? String.fromCharCode(byte) : `+${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** RFC 6533 §3 utf-8-addr-xtext: QCHARs as they are, everything else as \x{HEX}; 7-bit, valid with or without SMTPUTF8. */
export function utf8AddrXtext(address: string): string {
  let out = '';
  for (const char of address) {
    const point = char.codePointAt(0) ?? 0;
    const qchar = point >= 0x21 && point <= 0x7e && char !== '\\' && char !== '+' && char !== '=';
    out += qchar ? char : `\\x{${point.toString(16).toUpperCase().padStart(2, '0')}}`;
  }
  return out;
}

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * RFC 3461 §4: xtext = *( xchar / hexchar ), xchar = "!".."~" except "+" and "=", hexchar = "+" 2HEXDIG.
 * The octets are read as UTF-8; null for a bare "+", a "+" without two hex digits, a character that is
 * not an xchar (space, control, non-ASCII) or octets that are not UTF-8. Lower-case hex digits are
 * accepted (RFC 3461 asks senders for upper case; being liberal here loses nothing).
 */
export function decodeXtext(text: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2b) {
      const hex = text.slice(i + 1, i + 3);
      if (!HEX_PAIR.test(hex)) return null;
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (code >= 0x21 && code <= 0x7e && code !== 0x3d) {
      bytes.push(code);
    } else {
      return null;
    }
  }
  try {
    return UTF8.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

// RFC 6533 §3 EmbeddedUnicodeChar: "\x{" HEXPOINT "}".
const EMBEDDED = /^\\x\{([0-9A-Fa-f]{2,6})\}/;

/**
 * RFC 6533 §3: utf-8-addr-xtext, and utf-8-addr-unitext (the same with UTF-8 characters as they are,
 * for SMTPUTF8 transactions). QCHARs ("!".."~" except "\", "+", "=") stand for themselves; `\x{HEX}`
 * stands for a code point that no QCHAR can write: SP and the controls but NUL, "+", "=", "\", DEL,
 * or non-ASCII (no surrogates), written in HEXPOINT's shortest form (two digits up to FF, no leading
 * zero beyond). Null for anything else, including an empty text.
 */
export function decodeUtf8AddrXtext(text: string): string | null {
  if (text === '') return null;
  let out = '';
  for (let i = 0; i < text.length; ) {
    const point = text.codePointAt(i) ?? 0;
    if (point === 0x5c) {
      const match = EMBEDDED.exec(text.slice(i));
      if (match === null) return null;
      const hex = match[1]!;
      const value = Number.parseInt(hex, 16);
      const shortest = value <= 0xff ? hex.length === 2 : !hex.startsWith('0');
      if (!shortest || !needsEscape(value)) return null;
      out += String.fromCodePoint(value);
      i += match[0].length;
      continue;
    }
    if (point < 0x80 ? !isQchar(point) : isSurrogate(point)) return null;
    out += String.fromCodePoint(point);
    i += point > 0xffff ? 2 : 1;
  }
  return out;
}

function isQchar(point: number): boolean {
  return point >= 0x21 && point <= 0x7e && point !== 0x2b && point !== 0x3d && point !== 0x5c;
}

function isSurrogate(point: number): boolean {
  return point >= 0xd800 && point <= 0xdfff;
}

/** RFC 6533 §3 HEXPOINT: the code points an EmbeddedUnicodeChar may carry. */
function needsEscape(point: number): boolean {
  if (point === 0 || point > 0x10ffff || isSurrogate(point)) return false;
  return point >= 0x80 || !isQchar(point);
}
