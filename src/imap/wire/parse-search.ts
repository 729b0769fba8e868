// SEARCH programs (RFC 9051 §6.4.4 and §9 search-key; RFC 3501 §6.4.4 adds NEW, OLD, RECENT,
// UNKEYWORD …), ESEARCH RETURN options (RFC 4731 §3.1), SAVE (RFC 5182 §2), MODSEQ (RFC 7162 §3.1.5),
// EMAILID/THREADID (RFC 8474 §6). Also the search part of SORT and THREAD (RFC 5256 §3).

import type { SearchReturn } from './command-types.ts';
import type { ArgumentCursor } from './cursor.ts';
import { ImapSyntaxError } from './cursor.ts';
import { readSearchDate } from './dates.ts';
import { readFlag } from './flags.ts';
import type { DateComparison, SearchKey } from './search-types.ts';
import { isSequenceSetChar, parseSequenceSet } from './sequence-set.ts';

/** The charsets (RFC 9051 §6.4.4: UTF-8 is required; US-ASCII is its subset). */
export const SEARCH_CHARSETS = ['UTF-8', 'US-ASCII'] as const;

const FLAG_KEYS: Readonly<Record<string, readonly [string, boolean]>> = {
  ANSWERED: ['\\Answered', true],
  DELETED: ['\\Deleted', true],
  DRAFT: ['\\Draft', true],
  FLAGGED: ['\\Flagged', true],
  SEEN: ['\\Seen', true],
  UNANSWERED: ['\\Answered', false],
  UNDELETED: ['\\Deleted', false],
  UNDRAFT: ['\\Draft', false],
  UNFLAGGED: ['\\Flagged', false],
  UNSEEN: ['\\Seen', false],
};

const HEADER_KEYS = new Set(['BCC', 'CC', 'FROM', 'SUBJECT', 'TO']);

const DATE_KEYS: Readonly<Record<string, readonly ['internal-date' | 'sent-date', DateComparison]>> = {
  BEFORE: ['internal-date', 'before'],
  ON: ['internal-date', 'on'],
  SINCE: ['internal-date', 'since'],
  SENTBEFORE: ['sent-date', 'before'],
  SENTON: ['sent-date', 'on'],
  SENTSINCE: ['sent-date', 'since'],
};

function isKeyNameChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function readArgument<T>(cursor: ArgumentCursor, read: () => T): T {
  cursor.space();
  return read();
}

/** MODSEQ [entry-name SP entry-type-req] SP mod-sequence-valzer (RFC 7162 §3.1.5). */
function readModseqKey(cursor: ArgumentCursor): SearchKey {
  cursor.space();
  let entry: { name: string; type: 'priv' | 'shared' | 'all' } | null = null;
  if (cursor.peekIs('"')) {
    const name = cursor.string();
    cursor.space();
    const type = cursor.atom('an entry type').toLowerCase();
    if (type !== 'priv' && type !== 'shared' && type !== 'all') throw new ImapSyntaxError('Invalid MODSEQ entry type');
    entry = { name, type };
    cursor.space();
  }
  return { kind: 'modseq', modseq: cursor.number('a mod-sequence', true), entry };
}

function readKey(cursor: ArgumentCursor): SearchKey {
  const first = cursor.peek();
  if (first === 0x28) {
    cursor.expect('(');
    const keys = cursor.listRest(() => readKey(cursor), false);
    return keys.length === 1 ? keys[0]! : { kind: 'and', keys };
  }
  if (isSequenceSetChar(first)) return { kind: 'sequence', set: parseSequenceSet(cursor.takeWhile(isSequenceSetChar, 'a sequence set')) };
  const word = cursor.takeWhile(isKeyNameChar, 'a search key').toUpperCase();
  const flag = FLAG_KEYS[word];
  if (flag !== undefined) return { kind: 'flag', flag: flag[0], present: flag[1] };
  const date = DATE_KEYS[word];
  if (date !== undefined) return { kind: date[0], comparison: date[1], date: readArgument(cursor, () => readSearchDate(cursor)) };
  if (HEADER_KEYS.has(word)) return { kind: 'header', field: word, value: readArgument(cursor, () => cursor.astring()) };
  switch (word) {
    case 'ALL':
      return { kind: 'all' };
    case 'RECENT':
      return { kind: 'recent' };
    case 'NEW':
      return { kind: 'and', keys: [{ kind: 'recent' }, { kind: 'flag', flag: '\\Seen', present: false }] };
    case 'OLD':
      return { kind: 'not', key: { kind: 'recent' } };
    case 'KEYWORD':
    case 'UNKEYWORD':
      return { kind: 'flag', flag: readArgument(cursor, () => readFlag(cursor, false)), present: word === 'KEYWORD' };
    case 'HEADER': {
      const field = readArgument(cursor, () => cursor.astring('a header field name')).toUpperCase();
      return { kind: 'header', field, value: readArgument(cursor, () => cursor.astring()) };
    }
    case 'BODY':
    case 'TEXT':
      return { kind: word === 'BODY' ? 'body' : 'text', value: readArgument(cursor, () => cursor.astring()) };
    case 'LARGER':
    case 'SMALLER':
      return { kind: word === 'LARGER' ? 'larger' : 'smaller', size: readArgument(cursor, () => cursor.number('a size')) };
    case 'UID':
      return { kind: 'uid', set: parseSequenceSet(readArgument(cursor, () => cursor.takeWhile(isSequenceSetChar, 'a sequence set'))) };
    case 'NOT':
      return { kind: 'not', key: readArgument(cursor, () => cursor.nested(() => readKey(cursor))) };
    case 'OR': {
      const left = readArgument(cursor, () => cursor.nested(() => readKey(cursor)));
      return { kind: 'or', left, right: readArgument(cursor, () => cursor.nested(() => readKey(cursor))) };
    }
    case 'MODSEQ':
      return readModseqKey(cursor);
    case 'EMAILID':
    case 'THREADID':
      return { kind: word === 'EMAILID' ? 'emailid' : 'threadid', id: readArgument(cursor, () => cursor.atom('an object id')) };
    default:
      throw new ImapSyntaxError(`Unknown search key "${word}"`);
  }
}

/** A supported charset name, upper-cased; anything else is `NO [BADCHARSET]` (RFC 9051 §6.4.4). */
export function readCharset(cursor: ArgumentCursor): string {
  const charset = cursor.astring('a charset').toUpperCase();
  if (!(SEARCH_CHARSETS as readonly string[]).includes(charset)) throw new ImapSyntaxError(`Unsupported charset ${charset}`, 'NO', 'BADCHARSET', SEARCH_CHARSETS);
  return charset;
}

/** 1*(search-key) separated by spaces, to the end of the arguments; several keys are an AND. */
export function readSearchKeys(cursor: ArgumentCursor): SearchKey {
  const keys = [readKey(cursor)];
  while (cursor.accept(' ')) keys.push(readKey(cursor));
  cursor.end();
  return keys.length === 1 ? keys[0]! : { kind: 'and', keys };
}

/** RETURN (…) of ESEARCH; `RETURN ()` means ALL (RFC 4731 §3.1). */
function readReturn(cursor: ArgumentCursor): SearchReturn {
  const options = { min: false, max: false, all: false, count: false, save: false };
  cursor.list(() => {
    const option = cursor.atom('a RETURN option').toLowerCase();
    if (!(option in options)) throw new ImapSyntaxError(`Unknown RETURN option ${option.toUpperCase()}`);
    options[option as keyof typeof options] = true;
  }, true);
  const any = options.min || options.max || options.all || options.count || options.save;
  return any ? options : { ...options, all: true };
}

export interface SearchArguments {
  readonly charset: string | null;
  readonly criteria: SearchKey;
  readonly return: SearchReturn | null;
}

/** Everything after `SEARCH SP`. */
export function readSearchArguments(cursor: ArgumentCursor): SearchArguments {
  let returnOptions: SearchReturn | null = null;
  if (cursor.acceptWord('RETURN')) {
    cursor.space();
    returnOptions = readReturn(cursor);
    cursor.space();
  }
  let charset: string | null = null;
  if (cursor.acceptWord('CHARSET')) {
    cursor.space();
    charset = readCharset(cursor);
    cursor.space();
  }
  return { charset, criteria: readSearchKeys(cursor), return: returnOptions };
}
