// UID sets as SQL: ranges are validated, sorted and merged, then split into chunks of OR-ed BETWEEN
// terms small enough for any backend's parameter limit. Chunks are ascending and disjoint, so results
// of consecutive chunks concatenate in UID order.
import { StoreOpError } from '../../store/types.ts';
import type { UidSet } from '../message-types.ts';

const RANGES_PER_CHUNK = 200;
/** RFC 9051 §2.3.1.1: UIDs are unsigned 32-bit numbers. */
const MAX_UID = 4_294_967_295;

export interface UidCondition {
  /** `(uid BETWEEN ? AND ? OR …)` over the given column. */
  sql: string;
  params: number[];
}

export function normaliseUidSet(uids: UidSet): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const [a, b] of uids) {
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 1 || b < 1 || a > MAX_UID || b > MAX_UID) {
      throw new StoreOpError('invalid', `not a UID range: ${a}:${b}`);
    }
    ranges.push(a <= b ? [a, b] : [b, a]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

export function uidConditions(uids: UidSet, column = 'uid'): UidCondition[] {
  const ranges = normaliseUidSet(uids);
  const chunks: UidCondition[] = [];
  for (let i = 0; i < ranges.length; i += RANGES_PER_CHUNK) {
    const slice = ranges.slice(i, i + RANGES_PER_CHUNK);
    chunks.push({
      sql: `(${slice.map(() => `${column} BETWEEN ? AND ?`).join(' OR ')})`,
      params: slice.flat(),
    });
  }
  return chunks;
}

/** Ascending UIDs as inclusive ranges, so a contiguous run of any length is one range (and one BETWEEN). */
export function toUidSet(uids: readonly number[]): UidSet {
  const ranges: Array<readonly [number, number]> = [];
  let low = -1;
  let high = -1;
  for (const uid of uids) {
    if (uid === high + 1 && low !== -1) {
      high = uid;
      continue;
    }
    if (low !== -1) ranges.push([low, high]);
    low = uid;
    high = uid;
  }
  if (low !== -1) ranges.push([low, high]);
  return ranges;
}

/** Splits a list of single values (UIDs, ids) into chunks for `IN (…)` lists. */
export function inChunks<T>(values: readonly T[], size = 500): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}

export function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}
