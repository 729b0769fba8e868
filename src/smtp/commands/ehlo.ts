// EHLO (RFC 5321 §4.1.1.1): greets, resets any transaction (§4.1.4) and lists the extensions.
import { SASL_MECHANISMS } from '../../auth/index.ts';
import * as replies from '../replies.ts';
import { ALL_PHASES, transactionOf } from '../session-state.ts';
import { defineCommand, type CommandContext } from './command.ts';

export const ehlo = defineCommand({
  verb: 'EHLO',
  phases: ALL_PHASES,
  parse: (args) => (args === '' ? { ok: false, reply: replies.ehloSyntax } : { ok: true, args }),
  async run(ctx, state, name) {
    await transactionOf(state)?.abort();
    ctx.setState({ phase: 'ready', greeting: { name, esmtp: true } });
    return replies.ehloOk(ctx.hostname, extensions(ctx));
  },
});

function extensions(ctx: CommandContext): string[] {
  return [
    'PIPELINING', // RFC 2920
    `SIZE ${ctx.settings.max_message_size}`, // RFC 1870
    '8BITMIME', // RFC 6152
    'SMTPUTF8', // RFC 6531
    'ENHANCEDSTATUSCODES', // RFC 2034
    'DSN', // RFC 3461
    'CHUNKING', // RFC 3030
    ...(ctx.startTlsAvailable ? ['STARTTLS'] : []), // RFC 3207 §4.2: not once TLS is on
    // RFC 4954 §3, on submission listeners only, and not before TLS where the listener requires it.
    ...(ctx.authAllowed ? [`AUTH ${SASL_MECHANISMS.join(' ')}`] : []),
  ];
}
