// DELE n (RFC 1939 §5): marks the message; it is removed only in the UPDATE state (QUIT).
import { defineCommand, err, ok } from './command.ts';

export const dele = defineCommand({
  name: 'DELE',
  phases: ['transaction'],
  async run(_ctx, state, command) {
    const found = state.maildrop.lookup(command.message);
    if (!found.ok) return err(found.text);
    state.maildrop.markDeleted(command.message);
    return ok(`Message ${command.message} deleted`);
  },
});
