// ID (RFC 2971 §3.1): the client's parameters are only logged; we answer with our name and version.
import { packageVersion } from '../../util/package-version.ts';
import { ANY_PHASE } from '../session-state.ts';
import { formatString } from '../wire/index.ts';
import { always, defineCommand } from './command.ts';

const SERVER_ID = `ID (${['name', 'Mailstead', 'version', packageVersion()].map((value) => formatString(value, false)).join(' ')})`;

export const id = defineCommand({
  name: 'ID',
  phases: ANY_PHASE,
  expungeSafe: always,
  async run(ctx, _state, command) {
    if (command.parameters !== null) ctx.logger.info({ session: ctx.sessionId, clientId: Object.fromEntries(command.parameters.slice(0, 30)) }, 'client ID');
    ctx.untagged(SERVER_ID);
    return { status: 'OK', text: 'ID completed' };
  },
});
