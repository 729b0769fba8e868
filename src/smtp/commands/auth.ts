// AUTH (RFC 4954) is not offered on this listener yet, so it is not advertised and is refused.
import * as replies from '../replies.ts';
import { ALL_PHASES } from '../session-state.ts';
import { anyArguments, defineCommand } from './command.ts';

export const auth = defineCommand({
  verb: 'AUTH',
  phases: ALL_PHASES,
  parse: anyArguments,
  run: async () => replies.notImplemented,
});
