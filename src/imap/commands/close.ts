// CLOSE (RFC 9051 §6.4.1): removes the \Deleted messages of a read-write mailbox without announcing
// them (no EXPUNGE responses), then returns to the authenticated state.
import { defineCommand, always } from './command.ts';

export const close = defineCommand({
  name: 'CLOSE',
  phases: ['selected'],
  expungeSafe: always,
  async run(ctx, state) {
    state.view.close();
    ctx.setState({ phase: 'authenticated', account: state.account });
    if (!state.view.readOnly) await ctx.mail.expunge(state.view.mailboxId);
    return { status: 'OK', text: 'CLOSE completed' };
  },
});
