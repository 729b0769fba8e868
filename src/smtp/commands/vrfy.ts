// VRFY (RFC 5321 §4.1.1.6, §3.5.3): never tells whether a mailbox exists (address harvesting), and
// answers 252 as §3.5.3 recommends for that choice.
import * as replies from '../replies.ts';
import { ALL_PHASES } from '../session-state.ts';
import { defineCommand } from './command.ts';

export const vrfy = defineCommand({
  verb: 'VRFY',
  phases: ALL_PHASES,
  parse: (args) => (args === '' ? { ok: false, reply: replies.vrfySyntax } : { ok: true, args: null }),
  run: async () => replies.cannotVerify,
});
