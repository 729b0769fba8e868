// Mailbox names on the wire. IMAP4rev1 clients use modified UTF-7 (RFC 3501 §5.1.3): printable ASCII
// stands for itself except `&`, which is `&-`; anything else is UTF-16 in modified base64 (`,` for
// `/`, no padding) between `&` and `-`. Once UTF8=ACCEPT (RFC 6855 §3) or IMAP4rev2 (RFC 9051 §5.1)
// is enabled, names are plain UTF-8. Decoding is strict: RFC 3501 §5.1.3 forbids encoding printable
// ASCII, adjacent encoded runs and non-zero padding bits, and a name is accepted only in its one
// canonical form so that two spellings never name one mailbox.

import { ImapSyntaxError } from './cursor.ts';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';

function isPrintableAscii(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

function encodeRun(units: readonly number[]): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const unit of units) {
    value = (value << 16) | unit;
    bits += 16;
    while (bits >= 6) {
      bits -= 6;
      out += BASE64[(value >> bits) & 0x3f];
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE64[(value << (6 - bits)) & 0x3f];
  return `&${out}-`;
}

/** Unicode name → modified UTF-7. */
export function encodeModifiedUtf7(name: string): string {
  let out = '';
  let run: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (isPrintableAscii(unit)) {
      if (run.length > 0) {
        out += encodeRun(run);
        run = [];
      }
      out += unit === 0x26 ? '&-' : name[i];
    } else {
      run.push(unit);
    }
  }
  if (run.length > 0) out += encodeRun(run);
  return out;
}

function decodeRun(text: string): string {
  let bits = 0;
  let value = 0;
  const units: number[] = [];
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    if (digit === -1) throw new ImapSyntaxError('Invalid modified UTF-7 in mailbox name');
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 16) {
      bits -= 16;
      units.push((value >> bits) & 0xffff);
    }
  }
  // Leftover bits are padding: fewer than 6 of them and all zero (RFC 3501 §5.1.3 via RFC 2152).
  if (bits >= 6 || (value & ((1 << bits) - 1)) !== 0 || units.length === 0) throw new ImapSyntaxError('Invalid modified UTF-7 in mailbox name');
  let decoded = '';
  for (const unit of units) decoded += String.fromCharCode(unit);
  if (!decoded.isWellFormed()) throw new ImapSyntaxError('Invalid UTF-16 in mailbox name');
  return decoded;
}

/** Modified UTF-7 → Unicode; throws ImapSyntaxError on a bad or non-canonical encoding. */
export function decodeModifiedUtf7(wire: string): string {
  let out = '';
  let i = 0;
  while (i < wire.length) {
    const code = wire.charCodeAt(i);
    if (!isPrintableAscii(code)) throw new ImapSyntaxError('Mailbox name must be 7-bit; encode it in modified UTF-7');
    if (code !== 0x26) {
      out += wire[i];
      i += 1;
      continue;
    }
    const close = wire.indexOf('-', i + 1);
    if (close === -1) throw new ImapSyntaxError('Unterminated modified UTF-7 in mailbox name');
    out += close === i + 1 ? '&' : decodeRun(wire.slice(i + 1, close));
    i = close + 1;
  }
  if (encodeModifiedUtf7(out) !== wire) throw new ImapSyntaxError('Non-canonical modified UTF-7 in mailbox name');
  return out;
}

/**
 * A mailbox name as the client sent it → the name we store. INBOX is case-insensitive (RFC 9051 §5.1);
 * control characters are never part of a name.
 */
export function decodeMailboxName(wire: string, utf8: boolean): string {
  const name = utf8 ? wire : decodeModifiedUtf7(wire);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new ImapSyntaxError('Control character in mailbox name');
  if (!name.isWellFormed()) throw new ImapSyntaxError('Invalid characters in mailbox name');
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}

/** The name we store → its wire form for this session (before string quoting). */
export function encodeMailboxName(name: string, utf8: boolean): string {
  return utf8 ? name : encodeModifiedUtf7(name);
}
