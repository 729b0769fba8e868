// STLS (RFC 2595 §4): only in AUTHORIZATION, on a STARTTLS listener with a certificate, once. After
// the `+OK` the session runs the handshake and drops input pipelined before it.
import { defineCommand, err, ok } from './command.ts';

export const stls = defineCommand({
  name: 'STLS',
  phases: ['authorization'],
  async run(ctx) {
    if (ctx.tls) return err('TLS is already active');
    if (!ctx.startTlsOffered) return err('STLS is not available on this port');
    return ok('Begin TLS negotiation', { after: 'stls' });
  },
});
