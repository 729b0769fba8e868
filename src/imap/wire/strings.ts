// Values in server responses (RFC 9051 §4.3, §9): a string goes out as an atom where the grammar
// allows one (astring), else quoted, else a literal — quoted only when it holds no CR, LF, NUL, `"`
// escaping aside, and 8-bit text only once the client accepts UTF-8 (RFC 9051 §4.3 / RFC 6855 §3:
// an IMAP4rev1 client gets 8-bit text as a literal). Binary content goes out as literal8 (RFC 3516 §4.2).

import { isAtomChar } from './cursor.ts';
import { encodeMailboxName } from './mailbox-name.ts';

/** Longer quoted strings are legal, but a literal is cheaper to read for the client beyond this. */
const MAX_QUOTED_LENGTH = 1024;

function fitsQuoted(value: string, utf8: boolean): boolean {
  if (value.length > MAX_QUOTED_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x00 || c === 0x0a || c === 0x0d) return false;
    if (c >= 0x80 && !utf8) return false;
  }
  return true;
}

/** string = quoted / literal. */
export function formatString(value: string, utf8: boolean): string {
  if (fitsQuoted(value, utf8)) return `"${value.replace(/[\\"]/g, '\\$&')}"`;
  return `{${Buffer.byteLength(value)}}\r\n${value}`;
}

function isAtom(value: string): boolean {
  if (value.length === 0 || value.toUpperCase() === 'NIL') return false;
  for (let i = 0; i < value.length; i++) if (!isAtomChar(value.charCodeAt(i)) || value.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** astring = 1*ASTRING-CHAR / string; NIL is never sent as an atom where it would read as nil. */
export function formatAstring(value: string, utf8: boolean): string {
  return isAtom(value) ? value : formatString(value, utf8);
}

/** nstring = string / NIL. */
export function formatNString(value: string | null, utf8: boolean): string {
  return value === null ? 'NIL' : formatString(value, utf8);
}

/** A mailbox name for LIST, STATUS, … in the session's encoding (RFC 9051 §5.1, RFC 3501 §5.1.3). */
export function formatMailbox(name: string, utf8: boolean): string {
  return formatAstring(encodeMailboxName(name, utf8), utf8);
}

/** `(a b c)` from already formatted items. */
export function formatList(items: readonly string[]): string {
  return `(${items.join(' ')})`;
}

/** The octet-count prefix of a literal or, for binary content, a literal8. */
export function literalPrefix(length: number, binary: boolean): string {
  return `${binary ? '~' : ''}{${length}}\r\n`;
}
