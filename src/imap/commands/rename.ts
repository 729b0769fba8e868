// RENAME (RFC 9051 §6.3.6): children move along; renaming INBOX moves its messages into a new mailbox
// and leaves INBOX empty (MailService.renameMailbox).
import { mailboxRefusal } from '../mailbox-errors.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const rename = defineCommand({
  name: 'RENAME',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    try {
      await ctx.mail.renameMailbox(state.account.id, command.from, command.to);
    } catch (err) {
      return mailboxRefusal(err);
    }
    return { status: 'OK', text: 'RENAME completed' };
  },
});
