// NOOP (RFC 1939 §5).
import { defineCommand, ok } from './command.ts';

export const noop = defineCommand({
  name: 'NOOP',
  phases: ['transaction'],
  async run() {
    return ok('');
  },
});
