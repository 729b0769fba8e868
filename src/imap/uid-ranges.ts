// UIDs the view resolved (ascending) as the store's inclusive ranges, so `1:*` is one range and one
// query however large the mailbox (src/mail/message-types.ts UidSet).
import type { UidSet } from '../mail/index.ts';

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
