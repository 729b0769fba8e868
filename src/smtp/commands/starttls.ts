// STARTTLS (RFC 3207 §4): 220, then the handshake; the session then starts over from the greeting
// state (§4.2). Not inside a transaction: what was said in plain text must not carry over.
import * as replies from '../replies.ts';
import { defineCommand, noArguments } from './command.ts';

export const starttls = defineCommand({
  verb: 'STARTTLS',
  phases: ['connected', 'ready'],
  parse: noArguments(replies.noArguments),
  async run(ctx, _state, _args) {
    if (ctx.tls) return replies.tlsActive;
    if (!ctx.startTlsAvailable) return replies.startTlsUnavailable;
    let context;
    try {
      context = ctx.secureContext();
    } catch (err) {
      ctx.logger.error({ err }, 'no TLS context for STARTTLS');
      return replies.tlsNotAvailable;
    }
    return { reply: replies.readyToStartTls, next: 'start-tls', context };
  },
});
