// RSET (RFC 1939 §5): unmarks every message marked deleted.
import { defineCommand, ok } from './command.ts';

export const rset = defineCommand({
  name: 'RSET',
  phases: ['transaction'],
  async run(_ctx, state) {
    const { count, octets } = state.maildrop.unmarkAll();
    return ok(`Maildrop has ${count} messages (${octets} octets)`);
  },
});
