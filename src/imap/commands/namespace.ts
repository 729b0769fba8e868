// NAMESPACE (RFC 9051 §6.3.10, RFC 2342): one personal namespace with the "/" delimiter, no shared or
// other users' namespaces.
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const namespace = defineCommand({
  name: 'NAMESPACE',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx) {
    ctx.untagged('NAMESPACE (("" "/")) NIL NIL');
    return { status: 'OK', text: 'NAMESPACE completed' };
  },
});
