// RSET (RFC 5321 §4.1.1.5): aborts the transaction; the greeting stays.
import * as replies from '../replies.ts';
import { ALL_PHASES, readyState, transactionOf } from '../session-state.ts';
import { defineCommand, noArguments } from './command.ts';

export const rset = defineCommand({
  verb: 'RSET',
  phases: ALL_PHASES,
  parse: noArguments(replies.noArguments),
  async run(ctx, state, _args) {
    await transactionOf(state)?.abort();
    ctx.setState(readyState(state));
    return replies.ok;
  },
});
