// EXPN (RFC 5321 §4.1.1.7, §3.5.2): list expansion is not offered (it would disclose members).
import * as replies from '../replies.ts';
import { ALL_PHASES } from '../session-state.ts';
import { anyArguments, defineCommand } from './command.ts';

export const expn = defineCommand({
  verb: 'EXPN',
  phases: ALL_PHASES,
  parse: anyArguments,
  run: async () => replies.notImplemented,
});
