// QUIT (RFC 5321 §4.1.1.10): 221, then close. A transaction still open is aborted by the session.
import * as replies from '../replies.ts';
import { ALL_PHASES } from '../session-state.ts';
import { defineCommand, noArguments } from './command.ts';

export const quit = defineCommand({
  verb: 'QUIT',
  phases: ALL_PHASES,
  parse: noArguments(replies.noArguments),
  run: async () => ({ reply: replies.bye, next: 'close' }),
});
