// SELECT (RFC 9051 §6.3.2): see ../select-mailbox.ts.
import { selectMailbox } from '../select-mailbox.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const select = defineCommand({
  name: 'SELECT',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  run: (ctx, state, command) => selectMailbox(ctx, state, command),
});
