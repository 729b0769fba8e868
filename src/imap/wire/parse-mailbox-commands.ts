// Arguments of the commands that name mailboxes (RFC 9051 §6.3): SELECT/EXAMINE with CONDSTORE and
// QRESYNC (RFC 7162 §3.1.8, §3.2.5), CREATE with USE (RFC 6154 §3), LIST with LIST-EXTENDED
// (RFC 5258 §3), LIST-STATUS (RFC 5819) and SPECIAL-USE (RFC 6154 §5), LSUB, STATUS, APPEND with
// MULTIAPPEND (RFC 3502), literal8 (RFC 3516 §4.4) and UTF8 (RFC 6855 §4), and the QUOTA commands
// (RFC 9208 §4.2).

import type { AppendMessage, ImapCommand, ListReturn, ListSelection, QresyncParameters, StatusItem } from './command-types.ts';
import { STATUS_ITEMS } from './command-types.ts';
import type { ArgumentCursor } from './cursor.ts';
import { ImapSyntaxError } from './cursor.ts';
import { readDateTime } from './dates.ts';
import { readFlagList } from './flags.ts';
import { decodeMailboxName } from './mailbox-name.ts';
import type { SequenceSet } from './sequence-set.ts';
import { isSequenceSetChar, parseSequenceSet } from './sequence-set.ts';

export type MailboxCommandName = 'SELECT' | 'EXAMINE' | 'CREATE' | 'DELETE' | 'RENAME' | 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'LIST' | 'LSUB' | 'STATUS' | 'APPEND' | 'GETQUOTA' | 'GETQUOTAROOT' | 'SETQUOTA';

/** RFC 6154 §2 special-use attributes, in their canonical spelling. */
const SPECIAL_USE = ['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash'];

export function readMailbox(cursor: ArgumentCursor, utf8: boolean): string {
  return decodeMailboxName(cursor.astring('a mailbox name'), utf8);
}

function readSequenceSet(cursor: ArgumentCursor): SequenceSet {
  return parseSequenceSet(cursor.takeWhile(isSequenceSetChar, 'a sequence set'));
}

/** seq-match-data = "(" known-sequence-set SP known-uid-set ")". */
function readSequenceMatch(cursor: ArgumentCursor): QresyncParameters['sequenceMatch'] {
  cursor.expect('(');
  const sequences = readSequenceSet(cursor);
  cursor.space();
  const uids = readSequenceSet(cursor);
  cursor.expect(')');
  return { sequences, uids };
}

/** QRESYNC SP "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")". */
function readQresync(cursor: ArgumentCursor): QresyncParameters {
  cursor.space();
  cursor.expect('(');
  const uidValidity = cursor.nonZeroNumber('a UIDVALIDITY');
  cursor.space();
  const modseq = cursor.number('a mod-sequence', true);
  let knownUids: SequenceSet | null = null;
  let sequenceMatch: QresyncParameters['sequenceMatch'] = null;
  if (cursor.accept(' ')) {
    if (!cursor.peekIs('(')) knownUids = readSequenceSet(cursor);
    if (knownUids === null || cursor.accept(' ')) sequenceMatch = readSequenceMatch(cursor);
  }
  cursor.expect(')');
  return { uidValidity, modseq, knownUids, sequenceMatch };
}

function readSelect(cursor: ArgumentCursor, name: 'SELECT' | 'EXAMINE', utf8: boolean): ImapCommand {
  const mailbox = readMailbox(cursor, utf8);
  let condstore = false;
  let qresync: QresyncParameters | null = null;
  if (cursor.accept(' ')) {
    cursor.list(() => {
      if (cursor.acceptWord('CONDSTORE')) condstore = true;
      else if (cursor.acceptWord('QRESYNC')) qresync = readQresync(cursor);
      else throw new ImapSyntaxError(`Unknown ${name} parameter`);
    }, false);
  }
  return { name, mailbox, condstore, qresync };
}

function readCreate(cursor: ArgumentCursor, utf8: boolean): ImapCommand {
  const mailbox = readMailbox(cursor, utf8);
  let specialUse: string[] = [];
  if (cursor.accept(' ')) {
    cursor.list(() => {
      if (!cursor.acceptWord('USE')) throw new ImapSyntaxError('Unknown CREATE parameter');
      cursor.space();
      specialUse = cursor.list(() => {
        cursor.expect('\\', 'a special-use attribute');
        const attribute = `\\${cursor.atom('a special-use attribute')}`;
        return SPECIAL_USE.find((known) => known.toLowerCase() === attribute.toLowerCase()) ?? attribute;
      }, true);
    }, false);
  }
  return { name: 'CREATE', mailbox, specialUse };
}

function readStatusItems(cursor: ArgumentCursor): StatusItem[] {
  return cursor.list(() => {
    const item = cursor.atom('a status item').toUpperCase();
    if (!(STATUS_ITEMS as readonly string[]).includes(item)) throw new ImapSyntaxError(`Unknown status item ${item}`);
    return item as StatusItem;
  }, false);
}

function readList(cursor: ArgumentCursor, utf8: boolean): ImapCommand {
  const selection = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
  const returns: { subscribed: boolean; children: boolean; specialUse: boolean; status: StatusItem[] | null } = { subscribed: false, children: false, specialUse: false, status: null };
  let extended = false;
  if (cursor.peekIs('(')) {
    extended = true;
    cursor.list(() => {
      const option = cursor.atom('a selection option').toUpperCase();
      if (option === 'SUBSCRIBED') selection.subscribed = true;
      else if (option === 'REMOTE') selection.remote = true;
      else if (option === 'RECURSIVEMATCH') selection.recursiveMatch = true;
      else if (option === 'SPECIAL-USE') selection.specialUse = true;
      else throw new ImapSyntaxError(`Unknown LIST selection option ${option}`);
    }, true);
    // RFC 5258 §3: RECURSIVEMATCH alone is a BAD; SUBSCRIBED implies the SUBSCRIBED return option.
    if (selection.recursiveMatch && !selection.subscribed && !selection.specialUse) throw new ImapSyntaxError('RECURSIVEMATCH needs another selection option');
    returns.subscribed = selection.subscribed;
    cursor.space();
  }
  const reference = readMailbox(cursor, utf8);
  cursor.space();
  const readPattern = (): string => decodeMailboxName(cursor.listMailbox(), utf8);
  let patterns: string[];
  if (cursor.peekIs('(')) {
    extended = true;
    patterns = cursor.list(readPattern, false);
  } else {
    patterns = [readPattern()];
  }
  if (cursor.accept(' ')) {
    extended = true;
    if (!cursor.acceptWord('RETURN')) throw new ImapSyntaxError('Expected RETURN');
    cursor.space();
    cursor.list(() => {
      const option = cursor.atom('a return option').toUpperCase();
      if (option === 'SUBSCRIBED') returns.subscribed = true;
      else if (option === 'CHILDREN') returns.children = true;
      else if (option === 'SPECIAL-USE') returns.specialUse = true;
      else if (option === 'STATUS') returns.status = (cursor.space(), readStatusItems(cursor));
      else throw new ImapSyntaxError(`Unknown LIST return option ${option}`);
    }, true);
  }
  const listSelection: ListSelection = selection;
  const listReturn: ListReturn = returns;
  return { name: 'LIST', reference, patterns, selection: listSelection, return: listReturn, extended };
}

/**
 * append-message = [SP flag-list] [SP date-time] SP (literal / literal8 / "UTF8" SP "(" literal8 ")").
 * The UTF8 form exists only for a client that enabled UTF8=ACCEPT (RFC 6855 §4); before that it is BAD.
 */
function readAppendMessage(cursor: ArgumentCursor, utf8Accept: boolean): AppendMessage {
  let flags: string[] = [];
  if (cursor.peekIs('(')) {
    flags = readFlagList(cursor);
    cursor.space();
  }
  let internalDate: number | null = null;
  if (cursor.peekIs('"')) {
    internalDate = readDateTime(cursor);
    cursor.space();
  }
  if (cursor.acceptWord('UTF8')) {
    if (!utf8Accept) throw new ImapSyntaxError('APPEND UTF8 needs ENABLE UTF8=ACCEPT first');
    cursor.space();
    cursor.expect('(');
    const { bytes } = cursor.literal();
    cursor.expect(')');
    return { flags, internalDate, content: bytes, binary: true };
  }
  const { bytes, binary } = cursor.literal();
  return { flags, internalDate, content: bytes, binary };
}

function readAppend(cursor: ArgumentCursor, utf8: boolean, utf8Accept: boolean): ImapCommand {
  const mailbox = readMailbox(cursor, utf8);
  const messages: AppendMessage[] = [];
  while (cursor.accept(' ')) messages.push(readAppendMessage(cursor, utf8Accept));
  if (messages.length === 0) throw new ImapSyntaxError('APPEND needs a message');
  return { name: 'APPEND', mailbox, messages };
}

function readSetQuota(cursor: ArgumentCursor): ImapCommand {
  const root = cursor.astring('a quota root');
  cursor.space();
  const limits = cursor.list(() => {
    const resource = cursor.atom('a resource name').toUpperCase();
    cursor.space();
    return { resource, limit: cursor.number('a limit', true) };
  }, true);
  return { name: 'SETQUOTA', root, limits };
}

/** Everything after `name SP`; the caller checks that nothing is left. */
export function readMailboxCommand(name: MailboxCommandName, cursor: ArgumentCursor, utf8: boolean, utf8Accept: boolean): ImapCommand {
  switch (name) {
    case 'SELECT':
    case 'EXAMINE':
      return readSelect(cursor, name, utf8);
    case 'CREATE':
      return readCreate(cursor, utf8);
    case 'DELETE':
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      return { name, mailbox: readMailbox(cursor, utf8) };
    case 'RENAME': {
      const from = readMailbox(cursor, utf8);
      cursor.space();
      return { name, from, to: readMailbox(cursor, utf8) };
    }
    case 'LIST':
      return readList(cursor, utf8);
    case 'LSUB': {
      const reference = readMailbox(cursor, utf8);
      cursor.space();
      return { name, reference, pattern: decodeMailboxName(cursor.listMailbox(), utf8) };
    }
    case 'STATUS': {
      const mailbox = readMailbox(cursor, utf8);
      cursor.space();
      return { name, mailbox, items: readStatusItems(cursor) };
    }
    case 'APPEND':
      return readAppend(cursor, utf8, utf8Accept);
    case 'GETQUOTA':
      return { name, root: cursor.astring('a quota root') };
    case 'GETQUOTAROOT':
      return { name, mailbox: readMailbox(cursor, utf8) };
    case 'SETQUOTA':
      return readSetQuota(cursor);
  }
}
