// NOOP [string] (RFC 5321 §4.1.1.9): the argument is allowed and ignored.
import * as replies from '../replies.ts';
import { ALL_PHASES } from '../session-state.ts';
import { anyArguments, defineCommand } from './command.ts';

export const noop = defineCommand({
  verb: 'NOOP',
  phases: ALL_PHASES,
  parse: anyArguments,
  run: async () => replies.ok,
});
