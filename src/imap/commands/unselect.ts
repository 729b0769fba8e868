// UNSELECT (RFC 3691 §2, RFC 9051 §6.4.2): leaves the mailbox like CLOSE but expunges nothing.
import { defineCommand, always } from './command.ts';

export const unselect = defineCommand({
  name: 'UNSELECT',
  phases: ['selected'],
  expungeSafe: always,
  async run(ctx, state) {
    state.view.close();
    ctx.setState({ phase: 'authenticated', account: state.account });
    return { status: 'OK', text: 'UNSELECT completed' };
  },
});
