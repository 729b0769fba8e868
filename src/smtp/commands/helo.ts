// HELO (RFC 5321 §4.1.1.1): greets without extensions and resets any transaction (§4.1.4).
import * as replies from '../replies.ts';
import { ALL_PHASES, transactionOf } from '../session-state.ts';
import { defineCommand } from './command.ts';

export const helo = defineCommand({
  verb: 'HELO',
  phases: ALL_PHASES,
  parse: (args) => (args === '' ? { ok: false, reply: replies.heloSyntax } : { ok: true, args }),
  async run(ctx, state, name) {
    await transactionOf(state)?.abort();
    ctx.setState({ phase: 'ready', greeting: { name, esmtp: false } });
    return replies.heloOk(ctx.hostname);
  },
});
