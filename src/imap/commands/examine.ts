// EXAMINE (RFC 9051 §6.3.3): SELECT, read-only. See ../select-mailbox.ts.
import { selectMailbox } from '../select-mailbox.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const examine = defineCommand({
  name: 'EXAMINE',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  run: (ctx, state, command) => selectMailbox(ctx, state, command),
});
