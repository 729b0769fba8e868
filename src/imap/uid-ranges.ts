// UIDs the view resolved (ascending) as the store's inclusive ranges, so `1:*` is one range and one
// query however large the mailbox (src/mail/message-types.ts UidSet). Written once in mail/, which
// also groups the UIDs of change events with it.
export { toUidSet } from '../mail/index.ts';
