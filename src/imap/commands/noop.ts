// NOOP (RFC 9051 §6.1.2): does nothing itself; the dispatcher's sync after every command in the
// selected state is what announces new messages, flag changes and expunges.
import { ANY_PHASE } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const noop = defineCommand({
  name: 'NOOP',
  phases: ANY_PHASE,
  expungeSafe: always,
  async run() {
    return { status: 'OK', text: 'NOOP completed' };
  },
});
