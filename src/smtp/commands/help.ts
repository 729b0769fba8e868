// HELP (RFC 5321 §4.1.1.8).
import * as replies from '../replies.ts';
import { ALL_PHASES } from '../session-state.ts';
import { anyArguments, defineCommand } from './command.ts';

export const help = defineCommand({
  verb: 'HELP',
  phases: ALL_PHASES,
  parse: anyArguments,
  run: async () => replies.help,
});
