// FETCH arguments (RFC 9051 §6.4.5 and §9 fetch-att): items or a macro, then the CONDSTORE/QRESYNC
// modifiers `(CHANGEDSINCE n [VANISHED])` (RFC 7162 §3.1.4, §3.2.6).

import type { ArgumentCursor } from './cursor.ts';
import { ImapSyntaxError } from './cursor.ts';
import type { BodySection, FetchItem, Partial, SectionText, SimpleFetchItem } from './fetch-types.ts';
import { SIMPLE_FETCH_ITEMS } from './fetch-types.ts';

/** RFC 9051 §6.4.5: the macros and what they stand for. */
const MACROS: Readonly<Record<string, readonly SimpleFetchItem[]>> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

function isItemNameChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2e;
}

function isSimpleItem(name: string): name is SimpleFetchItem {
  return (SIMPLE_FETCH_ITEMS as readonly string[]).includes(name);
}

/** section-part = nz-number *("." nz-number); `dot` tells whether a "." followed the last number. */
function readPart(cursor: ArgumentCursor): { part: number[]; dot: boolean } {
  const part: number[] = [];
  let dot = false;
  while (cursor.peek() >= 0x30 && cursor.peek() <= 0x39) {
    part.push(cursor.nonZeroNumber('a section part number'));
    dot = cursor.accept('.');
    if (!dot) break;
  }
  return { part, dot };
}

function readSectionText(cursor: ArgumentCursor, afterPart: boolean): SectionText {
  const word = cursor.takeWhile(isItemNameChar, 'a section name').toUpperCase();
  if (word === 'HEADER' || word === 'TEXT') return { kind: word };
  if (word === 'MIME' && afterPart) return { kind: 'MIME' };
  if (word === 'HEADER.FIELDS' || word === 'HEADER.FIELDS.NOT') {
    cursor.space();
    const fields = cursor.list(() => cursor.astring('a header field name').toUpperCase(), false);
    return { kind: word, fields };
  }
  throw new ImapSyntaxError(`Invalid section "${word}"`);
}

/** section = "[" [section-spec] "]"; section-spec = section-msgtext / (section-part ["." section-text]). */
function readSection(cursor: ArgumentCursor): BodySection {
  cursor.expect('[');
  const { part, dot } = readPart(cursor);
  // After a part number a section-text needs its "."; without a part it starts right away.
  const hasText = part.length === 0 ? !cursor.peekIs(']') : dot;
  const text = hasText ? readSectionText(cursor, part.length > 0) : null;
  cursor.expect(']');
  return { part, text };
}

/** section-binary = "[" [section-part] "]" (RFC 3516 §4.2). */
function readBinarySection(cursor: ArgumentCursor): number[] {
  cursor.expect('[');
  const { part, dot } = readPart(cursor);
  if (dot) throw new ImapSyntaxError('Invalid binary section');
  cursor.expect(']');
  return part;
}

/** partial = "<" number "." nz-number ">" (RFC 9051 §9). */
function readPartial(cursor: ArgumentCursor): Partial | null {
  if (!cursor.accept('<')) return null;
  const offset = cursor.number('a partial offset');
  cursor.expect('.');
  const length = cursor.nonZeroNumber('a partial length');
  cursor.expect('>');
  return { offset, length };
}

function readItem(cursor: ArgumentCursor): FetchItem {
  const name = cursor.takeWhile(isItemNameChar, 'a fetch item').toUpperCase();
  if (cursor.peekIs('[')) {
    if (name === 'BODY' || name === 'BODY.PEEK') {
      const section = readSection(cursor);
      return { kind: 'BODY[]', peek: name === 'BODY.PEEK', section, partial: readPartial(cursor) };
    }
    if (name === 'BINARY' || name === 'BINARY.PEEK') {
      const part = readBinarySection(cursor);
      return { kind: 'BINARY[]', peek: name === 'BINARY.PEEK', part, partial: readPartial(cursor) };
    }
    if (name === 'BINARY.SIZE') return { kind: 'BINARY.SIZE', part: readBinarySection(cursor) };
  } else if (isSimpleItem(name)) {
    return { kind: name };
  }
  throw new ImapSyntaxError(`Unknown fetch item "${name}"`);
}

export interface FetchArguments {
  readonly items: FetchItem[];
  readonly changedSince: number | null;
  readonly vanished: boolean;
}

/** Everything after the sequence set and its space. */
export function readFetchArguments(cursor: ArgumentCursor): FetchArguments {
  let items: FetchItem[];
  if (cursor.peekIs('(')) {
    items = cursor.list(() => readItem(cursor), false);
  } else {
    const macro = ['ALL', 'FAST', 'FULL'].find((word) => cursor.acceptWord(word));
    items = macro === undefined ? [readItem(cursor)] : MACROS[macro]!.map((kind) => ({ kind }));
  }
  let changedSince: number | null = null;
  let vanished = false;
  if (cursor.accept(' ')) {
    cursor.list(() => {
      if (cursor.acceptWord('CHANGEDSINCE')) {
        cursor.space();
        changedSince = cursor.nonZeroNumber('a mod-sequence', true);
      } else if (cursor.acceptWord('VANISHED')) {
        vanished = true;
      } else {
        throw new ImapSyntaxError('Unknown FETCH modifier');
      }
    }, false);
    // RFC 7162 §3.2.6: VANISHED without CHANGEDSINCE is a protocol error.
    if (vanished && changedSince === null) throw new ImapSyntaxError('VANISHED requires CHANGEDSINCE');
  }
  cursor.end();
  return { items, changedSince, vanished };
}
