// STAT (RFC 1939 §5): `+OK count octets` of the messages not marked deleted.
import { defineCommand, ok } from './command.ts';

export const stat = defineCommand({
  name: 'STAT',
  phases: ['transaction'],
  async run(_ctx, state) {
    const { count, octets } = state.maildrop.stat();
    return ok(`${count} ${octets}`);
  },
});
