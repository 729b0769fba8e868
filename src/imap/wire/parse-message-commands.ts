// Arguments of the commands on messages of the selected mailbox (RFC 9051 §6.4), each with or without
// the UID prefix (§6.4.9): FETCH, STORE with UNCHANGEDSINCE (RFC 7162 §3.1.3), COPY, MOVE (RFC 6851),
// SEARCH, UID EXPUNGE (RFC 4315 §2.1), SORT and THREAD (RFC 5256 §3).

import type { ImapCommand, SortCriterion, SortKey, StoreOperation, ThreadAlgorithm } from './command-types.ts';
import { SORT_KEYS, THREAD_ALGORITHMS } from './command-types.ts';
import type { ArgumentCursor } from './cursor.ts';
import { ImapSyntaxError } from './cursor.ts';
import { readFlag, readFlagList } from './flags.ts';
import { readMailbox } from './parse-mailbox-commands.ts';
import { readFetchArguments } from './parse-fetch.ts';
import { readCharset, readSearchArguments, readSearchKeys } from './parse-search.ts';
import type { SequenceSet } from './sequence-set.ts';
import { isSequenceSetChar, parseSequenceSet } from './sequence-set.ts';

export type MessageCommandName = 'FETCH' | 'STORE' | 'COPY' | 'MOVE' | 'SEARCH' | 'EXPUNGE' | 'SORT' | 'THREAD';

/** The commands RFC 9051 §6.4.9 (and RFC 5256, RFC 6851, RFC 4315) allow after `UID`. */
export const UID_COMMANDS: readonly MessageCommandName[] = ['FETCH', 'STORE', 'COPY', 'MOVE', 'SEARCH', 'EXPUNGE', 'SORT', 'THREAD'];

function readSequenceSet(cursor: ArgumentCursor): SequenceSet {
  return parseSequenceSet(cursor.takeWhile(isSequenceSetChar, 'a sequence set'));
}

/** STORE set [SP "(" UNCHANGEDSINCE n ")"] SP ["+"/"-"] "FLAGS" [".SILENT"] SP (flag-list / flag *(SP flag)). */
function readStore(cursor: ArgumentCursor, uid: boolean): ImapCommand {
  const set = readSequenceSet(cursor);
  cursor.space();
  let unchangedSince: number | null = null;
  if (cursor.peekIs('(')) {
    cursor.list(() => {
      if (!cursor.acceptWord('UNCHANGEDSINCE')) throw new ImapSyntaxError('Unknown STORE modifier');
      cursor.space();
      unchangedSince = cursor.number('a mod-sequence', true);
    }, false);
    cursor.space();
  }
  const action = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(cursor.atom('FLAGS, +FLAGS or -FLAGS'));
  if (action === null) throw new ImapSyntaxError('Expected FLAGS, +FLAGS or -FLAGS');
  const operation: StoreOperation = action[1] === '+' ? 'add' : action[1] === '-' ? 'remove' : 'replace';
  const silent = action[2] !== undefined;
  cursor.space();
  let flags: string[];
  if (cursor.peekIs('(')) {
    flags = readFlagList(cursor);
  } else {
    flags = [readFlag(cursor, true)];
    while (cursor.accept(' ')) flags.push(readFlag(cursor, true));
  }
  return { name: 'STORE', uid, set, unchangedSince, operation, silent, flags: [...new Set(flags)] };
}

/** "(" ["REVERSE" SP] sort-key *(SP …) ")". */
function readSortCriteria(cursor: ArgumentCursor): SortCriterion[] {
  return cursor.list(() => {
    const reverse = cursor.acceptWord('REVERSE') && (cursor.space(), true);
    const key = cursor.atom('a sort key').toUpperCase();
    if (!(SORT_KEYS as readonly string[]).includes(key)) throw new ImapSyntaxError(`Unknown sort key ${key}`);
    return { key: key as SortKey, reverse };
  }, false);
}

/**
 * search-criteria = charset 1*(SP search-key) (RFC 5256 §5): the charset is not optional here. Once
 * UTF8=ACCEPT is enabled, a charset other than UTF-8 conflicts with it and is BAD (RFC 6855 §3, erratum 4029).
 */
function readSearchCriteria(cursor: ArgumentCursor, utf8Accept: boolean): { charset: string; search: ReturnType<typeof readSearchKeys> } {
  const charset = readCharset(cursor);
  if (utf8Accept && charset !== 'UTF-8') throw new ImapSyntaxError(`CHARSET ${charset} conflicts with UTF8=ACCEPT`);
  cursor.space();
  return { charset, search: readSearchKeys(cursor) };
}

/** Everything after `[UID SP] name`, including the space before the first argument. */
export function readMessageCommand(name: MessageCommandName, cursor: ArgumentCursor, uid: boolean, utf8: boolean, utf8Accept: boolean): ImapCommand {
  if (name === 'EXPUNGE') {
    if (!uid) return { name, uid: false };
    cursor.space();
    return { name, uid: true, set: readSequenceSet(cursor) };
  }
  cursor.space();
  switch (name) {
    case 'FETCH': {
      const set = readSequenceSet(cursor);
      cursor.space();
      const { items, changedSince, vanished } = readFetchArguments(cursor);
      // RFC 7162 §3.2.6: the VANISHED modifier is only allowed with UID FETCH.
      if (vanished && !uid) throw new ImapSyntaxError('VANISHED needs UID FETCH');
      return { name, uid, set, items, changedSince, vanished };
    }
    case 'STORE':
      return readStore(cursor, uid);
    case 'COPY':
    case 'MOVE': {
      const set = readSequenceSet(cursor);
      cursor.space();
      return { name, uid, set, mailbox: readMailbox(cursor, utf8) };
    }
    case 'SEARCH': {
      const search = readSearchArguments(cursor);
      // RFC 6855 §3: after ENABLE UTF8=ACCEPT a SEARCH with a charset label SHOULD be rejected with BAD.
      if (utf8Accept && search.charset !== null) throw new ImapSyntaxError('SEARCH CHARSET conflicts with UTF8=ACCEPT');
      return { name, uid, ...search };
    }
    case 'SORT': {
      const criteria = readSortCriteria(cursor);
      cursor.space();
      return { name, uid, criteria, ...readSearchCriteria(cursor, utf8Accept) };
    }
    case 'THREAD': {
      const algorithm = cursor.atom('a threading algorithm').toUpperCase();
      if (!(THREAD_ALGORITHMS as readonly string[]).includes(algorithm)) throw new ImapSyntaxError(`Unsupported threading algorithm ${algorithm}`);
      cursor.space();
      return { name, uid, algorithm: algorithm as ThreadAlgorithm, ...readSearchCriteria(cursor, utf8Accept) };
    }
  }
}
