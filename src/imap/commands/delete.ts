// DELETE (RFC 9051 §6.3.5): INBOX cannot be deleted; a mailbox with children is refused with
// HASCHILDREN (see src/mail/ops/mailboxes.ts). Deleting the selected mailbox is allowed: its view
// then reports every message expunged at the next safe point.
import { mailboxRefusal } from '../mailbox-errors.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const deleteMailbox = defineCommand({
  name: 'DELETE',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    try {
      await ctx.mail.deleteMailbox(state.account.id, command.mailbox);
    } catch (err) {
      return mailboxRefusal(err);
    }
    return { status: 'OK', text: 'DELETE completed' };
  },
});
