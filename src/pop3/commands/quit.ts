// QUIT (RFC 1939 §4, §6): in AUTHORIZATION it just ends the session; in TRANSACTION it enters the
// UPDATE state and removes the messages marked deleted, in one transaction. Those an IMAP session has
// expunged meanwhile are already gone, which is fine (logged as alreadyExpunged). If the store fails,
// the transaction removed nothing and the reply is `-ERR [SYS/TEMP]` (§6: a negative status on error).
import { defineCommand, err, ok } from './command.ts';

const SIGNING_OFF = 'Mailstead POP3 server signing off';

export const quit = defineCommand({
  name: 'QUIT',
  phases: ['authorization', 'transaction'],
  async run(ctx, state) {
    if (state.phase === 'authorization') {
      ctx.setState({ phase: 'closed' });
      return ok(SIGNING_OFF, { after: 'quit' });
    }
    const uids = state.maildrop.deletedUids();
    ctx.setState({ phase: 'closed' });
    if (uids.length === 0) return ok(SIGNING_OFF, { after: 'quit' });
    try {
      const removed = await ctx.mail.deleteMessages(state.maildrop.mailboxId, uids);
      const gone = uids.length - removed.uids.length;
      ctx.logger.info({ session: ctx.sessionId, deleted: removed.uids.length, alreadyExpunged: gone }, 'maildrop updated');
      return ok(`${SIGNING_OFF} (${uids.length} ${uids.length === 1 ? 'message' : 'messages'} deleted)`, { after: 'quit' });
    } catch (error) {
      ctx.logger.error({ err: error, session: ctx.sessionId }, 'removing deleted messages failed');
      return { ...err('Could not remove the deleted messages, try again later', 'SYS/TEMP'), after: 'quit' };
    }
  },
});
