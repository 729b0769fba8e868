// UNSUBSCRIBE (RFC 9051 §6.3.8): removing a name that is not subscribed succeeds, as in Dovecot.
import { mailboxRefusal } from '../mailbox-errors.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const unsubscribe = defineCommand({
  name: 'UNSUBSCRIBE',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    try {
      await ctx.mail.unsubscribe(state.account.id, command.mailbox);
    } catch (err) {
      return mailboxRefusal(err);
    }
    return { status: 'OK', text: 'UNSUBSCRIBE completed' };
  },
});
