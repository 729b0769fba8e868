// Message flags as stored: the five system flags of RFC 9051 §2.3.2 as bits (so UNSEEN and \Deleted
// are answered from partial indexes, see migration 002) and keywords as one space-enclosed string
// (" $Forwarded Work "; an atom never holds a space, RFC 9051 §9 flag-keyword). System flags are
// case-insensitive and stored in their canonical spelling; keywords compare case-insensitively too
// (as Dovecot does), keeping the spelling first stored. \Recent is session state (RFC 3501 §2.3.2),
// never stored: a request to set it is ignored.
import { StoreOpError } from '../store/types.ts';

export const SYSTEM_FLAG_BITS: ReadonlyMap<string, number> = new Map([
  ['\\Seen', 1],
  ['\\Answered', 2],
  ['\\Flagged', 4],
  ['\\Deleted', 8],
  ['\\Draft', 16],
]);
export const SEEN = 1;
export const DELETED = 8;

const SYSTEM_BY_LOWER = new Map([...SYSTEM_FLAG_BITS].map(([name, bit]) => [name.toLowerCase(), { name, bit }]));
/** RFC 9051 §9 atom: no SP, CTL, "(", ")", "{", "%", "*", '"', "\\", "]". */
const KEYWORD = /^[\x21\x23-\x24\x26-\x27\x2b-\x5b\x5e-\x7a\x7c-\x7e]+$/;
const MAX_KEYWORD_LENGTH = 128;

export interface StoredFlags {
  system: number;
  /** '' or " k1 k2 … ". */
  keywords: string;
}

export type FlagMode = 'set' | 'add' | 'remove';

/** Parses client-supplied flags; StoreOpError('invalid') names the first unacceptable one. */
export function toStoredFlags(flags: readonly string[]): StoredFlags {
  let system = 0;
  const keywords = new Map<string, string>();
  for (const flag of flags) {
    if (flag.startsWith('\\')) {
      const known = SYSTEM_BY_LOWER.get(flag.toLowerCase());
      if (known) system |= known.bit;
      else if (flag.toLowerCase() !== '\\recent') throw new StoreOpError('invalid', `not a settable flag: ${flag}`, { flag });
    } else if (KEYWORD.test(flag) && flag.length <= MAX_KEYWORD_LENGTH) {
      if (!keywords.has(flag.toLowerCase())) keywords.set(flag.toLowerCase(), flag);
    } else {
      throw new StoreOpError('invalid', `not a valid keyword: ${JSON.stringify(flag)}`, { flag });
    }
  }
  return { system, keywords: joinKeywords([...keywords.values()]) };
}

/** System flags first in RFC order, then keywords as stored. */
export function toFlagList(flags: StoredFlags): string[] {
  const list: string[] = [];
  for (const [name, bit] of SYSTEM_FLAG_BITS) if ((flags.system & bit) !== 0) list.push(name);
  return list.concat(splitKeywords(flags.keywords));
}

/** RFC 9051 §6.4.6: FLAGS replaces, +FLAGS adds, -FLAGS removes. */
export function applyFlags(current: StoredFlags, mode: FlagMode, change: StoredFlags): StoredFlags {
  if (mode === 'set') return change;
  const currentKeywords = splitKeywords(current.keywords);
  const changeKeywords = splitKeywords(change.keywords);
  if (mode === 'add') {
    const known = new Set(currentKeywords.map((keyword) => keyword.toLowerCase()));
    const added = changeKeywords.filter((keyword) => !known.has(keyword.toLowerCase()));
    return { system: current.system | change.system, keywords: joinKeywords(currentKeywords.concat(added)) };
  }
  const removed = new Set(changeKeywords.map((keyword) => keyword.toLowerCase()));
  return {
    system: current.system & ~change.system,
    keywords: joinKeywords(currentKeywords.filter((keyword) => !removed.has(keyword.toLowerCase()))),
  };
}

/** A LIKE pattern over LOWER(keywords) matching entries that carry the keyword. */
export function keywordPattern(keyword: string): string {
  return `% ${keyword.toLowerCase().replaceAll('_', '\\_')} %`;
}

function splitKeywords(keywords: string): string[] {
  return keywords === '' ? [] : keywords.trim().split(' ');
}

function joinKeywords(keywords: readonly string[]): string {
  return keywords.length === 0 ? '' : ` ${keywords.join(' ')} `;
}
