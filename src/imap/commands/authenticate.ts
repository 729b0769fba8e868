// AUTHENTICATE (RFC 9051 §6.2.2) with the SASL mechanisms of auth/ (PLAIN, LOGIN) and an initial
// response on the command line (SASL-IR, RFC 4959). Challenges go out base64 after `+ `. A client's `*`
// cancels with BAD (§6.2.2); a response that is not base64 is BAD too. Refused with PRIVACYREQUIRED
// where LOGINDISABLED is advertised.
import { runSaslExchange, saslMechanism, type SaslFailure } from '../../auth/index.ts';
import { failAuthentication, privacyRequired, signIn } from '../sign-in.ts';
import type { CommandResult } from './command.ts';
import { defineCommand, never } from './command.ts';

const badExchange: Readonly<Record<Exclude<SaslFailure['kind'], 'authorization-refused'>, CommandResult>> = {
  cancelled: { status: 'BAD', text: 'Authentication cancelled' },
  'not-base64': { status: 'BAD', text: 'The response is not valid base64' },
  'malformed-plain': { status: 'BAD', text: 'A PLAIN response is authzid NUL authcid NUL password' },
};

export const authenticate = defineCommand({
  name: 'AUTHENTICATE',
  phases: ['not-authenticated'],
  expungeSafe: never,
  async run(ctx, _state, command) {
    if (ctx.capabilities().includes('LOGINDISABLED')) return privacyRequired;
    const mechanism = saslMechanism(command.mechanism);
    if (mechanism === undefined) return { status: 'NO', text: `Unsupported authentication mechanism ${command.mechanism.slice(0, 40)}` };
    const outcome = await runSaslExchange(mechanism, command.initialResponse, (challenge) =>
      ctx.requestLine(Buffer.from(challenge).toString('base64')),
    );
    if (outcome.kind === 'credentials') return signIn(ctx, outcome.username, outcome.password);
    // Acting as another identity is not supported: answered as a failed authentication.
    if (outcome.kind === 'authorization-refused') return failAuthentication(ctx);
    return badExchange[outcome.kind];
  },
});
