// CAPA (RFC 2449 §5): the capabilities of the current state, one per line (src/pop3/capabilities.ts).
import { defineCommand, ok } from './command.ts';

export const capa = defineCommand({
  name: 'CAPA',
  phases: ['authorization', 'transaction'],
  async run(ctx) {
    return ok('Capability list follows', { lines: ctx.capabilities() });
  },
});
