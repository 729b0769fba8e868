// SEARCH results on the wire: `* SEARCH n…` for IMAP4rev1 clients (RFC 3501 §7.2.5) and
// `* ESEARCH (TAG "t") [UID] MIN … MAX … COUNT … ALL …` for RETURN options and IMAP4rev2 clients
// (RFC 4731 §3.1, RFC 9051 §7.3.4), both with `MODSEQ` when the criteria used it (RFC 7162 §3.1.5).
import { formatSequenceSet, formatString, type SearchReturn } from '../wire/index.ts';

/** RFC 4731 §3.1: `RETURN ()` means ALL; an IMAP4rev2 plain SEARCH too (RFC 9051 §6.4.4). */
const ALL_ONLY: SearchReturn = { min: false, max: false, all: true, count: false, save: false };

export interface SearchAnswer {
  /** Message numbers, or UIDs for UID SEARCH; ascending. */
  readonly numbers: readonly number[];
  /** The highest MODSEQ of the results, when the criteria used MODSEQ and something matched. */
  readonly modseq: number | null;
}

export function formatSearch(answer: SearchAnswer): string {
  const numbers = answer.numbers.length === 0 ? '' : ` ${answer.numbers.join(' ')}`;
  return `SEARCH${numbers}${answer.modseq === null ? '' : ` (MODSEQ ${answer.modseq})`}`;
}

/** The return options in effect; null when SAVE alone was asked, which sends no ESEARCH (RFC 5182 §2.4). */
export function effectiveReturn(requested: SearchReturn | null): SearchReturn | null {
  if (requested === null) return ALL_ONLY;
  const any = requested.min || requested.max || requested.all || requested.count;
  if (any) return requested;
  return requested.save ? null : ALL_ONLY;
}

export function formatEsearch(tag: string, uid: boolean, options: SearchReturn, answer: SearchAnswer): string {
  let out = `ESEARCH (TAG ${formatString(tag, false)})${uid ? ' UID' : ''}`;
  const numbers = answer.numbers;
  if (options.min && numbers.length > 0) out += ` MIN ${numbers[0]}`;
  if (options.max && numbers.length > 0) out += ` MAX ${numbers.at(-1)}`;
  if (options.count) out += ` COUNT ${numbers.length}`;
  if (options.all && numbers.length > 0) out += ` ALL ${formatSequenceSet(numbers)}`;
  if (answer.modseq !== null) out += ` MODSEQ ${answer.modseq}`;
  return out;
}

/**
 * What SAVE keeps (RFC 5182 §2.4): with MIN and/or MAX but neither ALL nor COUNT, only those
 * messages; otherwise every match.
 */
export function savedResult(options: SearchReturn | null, uids: readonly number[]): number[] {
  if (options === null || options.all || options.count || (!options.min && !options.max)) return [...uids];
  const saved: number[] = [];
  if (options.min && uids.length > 0) saved.push(uids[0]!);
  if (options.max && uids.length > 0 && uids.at(-1) !== saved[0]) saved.push(uids.at(-1)!);
  return saved;
}
