// LIST (RFC 9051 §6.3.9) with LIST-EXTENDED (RFC 5258), SPECIAL-USE (RFC 6154 §3), CHILDREN (RFC 3348,
// via RFC 5258 §4) and LIST-STATUS (RFC 5819).
//
// - `LIST ref ""` asks for the delimiter: `* LIST (\Noselect) "/" ""` (RFC 9051 §6.3.9).
// - \HasChildren/\HasNoChildren and special-use attributes are always sent (RFC 5258 §4 and RFC 6154
//   §1 allow it unasked; clients rely on them); \Subscribed only when SUBSCRIBED is asked for.
// - Subscriptions naming no mailbox are \NonExistent and appear only with the SUBSCRIBED selection.
// - RECURSIVEMATCH (RFC 5258 §3.5): a matching mailbox with a subscribed descendant is returned with
//   `("CHILDINFO" ("SUBSCRIBED"))`, even when it is not subscribed itself.
// - RETURN (STATUS …): a STATUS response follows the LIST response of each existing mailbox (RFC 5819 §2).
import { HIERARCHY_DELIMITER, type MailboxListing } from '../../mail/index.ts';
import { canonicalPattern, patternMatcher } from '../list-matching.ts';
import { statusResponse } from '../status-response.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { formatMailbox } from '../wire/index.ts';
import { always, defineCommand } from './command.ts';

const SUBSCRIBED = '\\Subscribed';

export const list = defineCommand({
  name: 'LIST',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    const { selection, return: returns } = command;
    const patterns = command.patterns.filter((pattern) => pattern !== '');
    if (patterns.length < command.patterns.length) ctx.untagged(`LIST (\\Noselect) "${HIERARCHY_DELIMITER}" ""`);
    if (patterns.length === 0) return { status: 'OK', text: 'LIST completed' };
    const matchers = patterns.map((pattern) => patternMatcher(canonicalPattern(command.reference, pattern)));
    const matches = (name: string): boolean => matchers.some((match) => match(name));
    const listings = await ctx.mail.listMailboxTree(state.account.id);
    const subscribedNames = listings.filter((listing) => listing.attributes.includes(SUBSCRIBED)).map((listing) => listing.name);
    const showSubscribed = selection.subscribed || returns.subscribed;
    const statusOptions = { mail: ctx.mail, utf8: ctx.utf8, appendLimit: ctx.settings.max_literal_size };

    for (const listing of listings) {
      if (!matches(listing.name)) continue;
      const subscribed = listing.attributes.includes(SUBSCRIBED);
      if (listing.mailbox === undefined && !selection.subscribed) continue;
      if (selection.specialUse && !listing.mailbox?.specialUse) continue;
      const childInfo =
        selection.subscribed && selection.recursiveMatch && subscribedNames.some((name) => name.startsWith(listing.name + HIERARCHY_DELIMITER));
      if (selection.subscribed && !subscribed && !childInfo) continue;
      const attributes = listing.attributes.filter((attribute) => attribute !== SUBSCRIBED || showSubscribed);
      const extension = childInfo ? ' ("CHILDINFO" ("SUBSCRIBED"))' : '';
      ctx.untagged(`LIST (${attributes.join(' ')}) "${HIERARCHY_DELIMITER}" ${formatMailbox(listing.name, ctx.utf8)}${extension}`);
      if (returns.status !== null && isSelectable(listing)) ctx.untagged(await statusResponse(statusOptions, listing.mailbox, returns.status));
    }
    return { status: 'OK', text: 'LIST completed' };
  },
});

function isSelectable(listing: MailboxListing): listing is MailboxListing & { mailbox: NonNullable<MailboxListing['mailbox']> } {
  return listing.mailbox !== undefined;
}
