// LSUB (RFC 3501 §6.3.9; deprecated by RFC 9051 but used by IMAP4rev1 clients): the subscribed names
// matching the pattern. A subscription naming no mailbox, and (RFC 3501 §6.3.9) an unsubscribed parent
// that `%` matches in place of a subscribed child, are flagged \Noselect.
import { HIERARCHY_DELIMITER } from '../../mail/index.ts';
import { ancestorNames, canonicalPattern, patternMatcher } from '../list-matching.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { formatMailbox } from '../wire/index.ts';
import { always, defineCommand } from './command.ts';

export const lsub = defineCommand({
  name: 'LSUB',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    if (command.pattern === '') {
      ctx.untagged(`LSUB (\\Noselect) "${HIERARCHY_DELIMITER}" ""`);
      return { status: 'OK', text: 'LSUB completed' };
    }
    const matches = patternMatcher(canonicalPattern(command.reference, command.pattern));
    const listings = (await ctx.mail.listMailboxTree(state.account.id)).filter((listing) => listing.attributes.includes('\\Subscribed'));
    const subscribed = new Set(listings.map((listing) => listing.name));
    const results = new Map<string, boolean>();
    for (const listing of listings) {
      if (matches(listing.name)) {
        results.set(listing.name, listing.mailbox !== undefined);
        continue;
      }
      for (const parent of ancestorNames(listing.name)) {
        if (!subscribed.has(parent) && matches(parent) && !results.has(parent)) results.set(parent, false);
      }
    }
    for (const [name, selectable] of [...results].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      ctx.untagged(`LSUB (${selectable ? '' : '\\Noselect'}) "${HIERARCHY_DELIMITER}" ${formatMailbox(name, ctx.utf8)}`);
    }
    return { status: 'OK', text: 'LSUB completed' };
  },
});
