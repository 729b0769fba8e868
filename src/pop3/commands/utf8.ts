// UTF8 (RFC 6856 §2): allowed in AUTHORIZATION. Names and passwords are UTF-8 already and messages are
// served as stored (never downgraded), so the command changes nothing but is acknowledged.
import { defineCommand, ok } from './command.ts';

export const utf8 = defineCommand({
  name: 'UTF8',
  phases: ['authorization'],
  async run() {
    return ok('UTF-8 enabled');
  },
});
