// Message flags in commands (RFC 9051 §2.3.2, §9 flag / flag-list): the five system flags, matched
// case-insensitively and returned in their canonical spelling, and keywords (atoms, kept as sent).
// `\Recent` and unknown `\…` extensions cannot be set by a client (RFC 3501 §2.3.2: "\Recent … cannot
// be altered by the client"; RFC 9051 defines no other flag-extension), so they are syntax errors.

import type { ArgumentCursor } from './cursor.ts';
import { ImapSyntaxError } from './cursor.ts';

export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'] as const;

function canonicalSystemFlag(name: string): string {
  const flag = SYSTEM_FLAGS.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (flag === undefined) throw new ImapSyntaxError(`Invalid system flag ${name}`);
  return flag;
}

/** One flag; `allowSystem: false` where only a flag-keyword fits (SEARCH KEYWORD). */
export function readFlag(cursor: ArgumentCursor, allowSystem: boolean): string {
  if (cursor.accept('\\')) {
    if (!allowSystem) throw new ImapSyntaxError('Expected a keyword, not a system flag');
    return canonicalSystemFlag(`\\${cursor.atom('a flag name')}`);
  }
  return cursor.atom('a flag');
}

/** flag-list = "(" [flag *(SP flag)] ")". */
export function readFlagList(cursor: ArgumentCursor): string[] {
  return [...new Set(cursor.list(() => readFlag(cursor, true), true))];
}
