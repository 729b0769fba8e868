// CAPABILITY (RFC 9051 §6.1.1): the list for the current state, from capabilities.ts.
import { ANY_PHASE } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const capability = defineCommand({
  name: 'CAPABILITY',
  phases: ANY_PHASE,
  expungeSafe: always,
  async run(ctx) {
    ctx.untagged(`CAPABILITY ${ctx.capabilities().join(' ')}`);
    return { status: 'OK', text: 'CAPABILITY completed' };
  },
});
