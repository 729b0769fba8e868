// SUBSCRIBE (RFC 9051 §6.3.7): subscriptions are names; the mailbox need not exist (Dovecot agrees).
import { mailboxRefusal } from '../mailbox-errors.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const subscribe = defineCommand({
  name: 'SUBSCRIBE',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    try {
      await ctx.mail.subscribe(state.account.id, command.mailbox);
    } catch (err) {
      return mailboxRefusal(err);
    }
    return { status: 'OK', text: 'SUBSCRIBE completed' };
  },
});
