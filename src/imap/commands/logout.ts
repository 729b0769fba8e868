// LOGOUT (RFC 9051 §6.1.3): `* BYE`, the tagged OK, then the session closes the connection.
import { ANY_PHASE } from '../session-state.ts';
import { defineCommand, never } from './command.ts';

export const logout = defineCommand({
  name: 'LOGOUT',
  phases: ANY_PHASE,
  // Nothing is announced after LOGOUT's BYE.
  expungeSafe: never,
  async run(ctx, state) {
    if (state.phase === 'selected') state.view.close();
    ctx.setState({ phase: 'logout' });
    ctx.untagged('BYE Logging out');
    return { status: 'OK', text: 'LOGOUT completed', after: 'logout' };
  },
});
