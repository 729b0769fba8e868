// USER (RFC 1939 §7): remembers the name for PASS. Refused before TLS where TLS is required (RFC 2595 §4).
import { tlsRequired } from '../replies.ts';
import { defineCommand, ok } from './command.ts';

export const user = defineCommand({
  name: 'USER',
  phases: ['authorization'],
  async run(ctx, _state, command) {
    if (!ctx.loginAllowed) return tlsRequired;
    ctx.setState({ phase: 'authorization', user: command.user });
    return ok('Send PASS');
  },
});
