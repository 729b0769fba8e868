// STARTTLS (RFC 9051 §6.2.1): only where the listener offers it and before TLS is up; the session runs
// the handshake right after the OK, dropping anything pipelined behind the command.
import { defineCommand, never } from './command.ts';

export const starttls = defineCommand({
  name: 'STARTTLS',
  phases: ['not-authenticated'],
  expungeSafe: never,
  async run(ctx) {
    if (ctx.tls) return { status: 'BAD', text: 'TLS is already active' };
    if (!ctx.capabilities().includes('STARTTLS')) return { status: 'BAD', text: 'STARTTLS is not offered on this port' };
    return { status: 'OK', text: 'Begin TLS negotiation now', after: 'starttls' };
  },
});
