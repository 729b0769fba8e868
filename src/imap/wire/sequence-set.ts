// Sequence sets (RFC 9051 §9 sequence-set): `1:5,7,10:*`, ranges in either order (`5:1` is `1:5`,
// RFC 9051 §9 seq-range), `*` for the largest number in use, and `$` for the result saved by
// SEARCH RETURN (SAVE) (SEARCHRES, RFC 5182 §2.1). The wire form out is compressed (`1:5,7`) for
// COPYUID, APPENDUID, VANISHED and ESEARCH (RFC 4315 §3, RFC 7162 §3.2.10, RFC 4731 §3.1).

import { ImapSyntaxError } from './cursor.ts';

/** `'*'` is the largest message number or UID in use; the command layer resolves it. */
export type SequenceNumber = number | '*';

export interface SequenceRange {
  readonly start: SequenceNumber;
  readonly end: SequenceNumber;
}

export type SequenceSet =
  | { readonly kind: 'ranges'; readonly ranges: readonly SequenceRange[] }
  | { readonly kind: 'saved' };

const SEQUENCE_SET = /^[0-9:,*$]+$/;

export function isSequenceSetChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x3a || c === 0x2c || c === 0x2a || c === 0x24;
}

function parseSequenceNumber(text: string): SequenceNumber {
  if (text === '*') return '*';
  if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new ImapSyntaxError(`Invalid sequence number "${text}"`);
  const value = Number(text);
  if (value > 0xffffffff) throw new ImapSyntaxError(`Sequence number ${text} is too large`);
  return value;
}

/** Throws ImapSyntaxError on anything that is not a sequence set. */
export function parseSequenceSet(text: string): SequenceSet {
  // RFC 5182 §2.1: `$` stands alone; it is not combined with other numbers.
  if (text === '$') return { kind: 'saved' };
  if (!SEQUENCE_SET.test(text) || text.includes('$')) throw new ImapSyntaxError('Invalid sequence set');
  const ranges = text.split(',').map((part): SequenceRange => {
    const bounds = part.split(':');
    if (bounds.length > 2) throw new ImapSyntaxError('Invalid sequence range');
    const start = parseSequenceNumber(bounds[0]!);
    const end = bounds.length === 2 ? parseSequenceNumber(bounds[1]!) : start;
    return { start, end };
  });
  return { kind: 'ranges', ranges };
}

/**
 * The numbers of a set given the largest number in use (`*`), ascending and without duplicates,
 * and none above `max` (RFC 9051 §9: `*` is the largest; a range past it covers what exists).
 */
export function expandSequenceSet(set: Extract<SequenceSet, { kind: 'ranges' }>, max: number): number[] {
  const picked = new Set<number>();
  for (const range of set.ranges) {
    const a = range.start === '*' ? max : range.start;
    const b = range.end === '*' ? max : range.end;
    const low = Math.min(a, b);
    const high = Math.min(Math.max(a, b), max);
    for (let n = low; n <= high; n++) picked.add(n);
  }
  return [...picked].sort((x, y) => x - y);
}

/**
 * Order-preserving form for COPYUID, whose two sets pair up by position (RFC 4315 §3): runs are
 * compressed only where consecutive entries ascend by one.
 */
export function formatOrderedSequenceSet(numbers: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < numbers.length) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j += 1;
    parts.push(j === i ? `${numbers[i]}` : `${numbers[i]}:${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** `1:3,5,9:10` from numbers in any order (duplicates collapse); the empty list is the empty string. */
export function formatSequenceSet(numbers: readonly number[]): string {
  return formatOrderedSequenceSet([...new Set(numbers)].sort((x, y) => x - y));
}
