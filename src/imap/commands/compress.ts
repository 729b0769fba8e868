// COMPRESS DEFLATE (RFC 4978 §3): the session starts DEFLATE in both directions right after the OK.
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const compress = defineCommand({
  name: 'COMPRESS',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, _state, command) {
    if (command.mechanism !== 'DEFLATE') return { status: 'BAD', text: `Unknown compression mechanism ${command.mechanism.slice(0, 40)}` };
    // Advertised until active, so its absence means the layer is already on (RFC 4978 §3).
    if (!ctx.capabilities().includes('COMPRESS=DEFLATE')) return { status: 'NO', code: { name: 'COMPRESSIONACTIVE' }, text: 'DEFLATE is already active' };
    return { status: 'OK', text: 'DEFLATE active', after: 'compress' };
  },
});
