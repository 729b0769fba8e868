// AUTH (RFC 5034) with the SASL mechanisms of auth/ (PLAIN, LOGIN) and an initial response on the
// command line (`=` for an empty one). Challenges go out as `+ ` and base64 (the wire's formatChallenge).
// A client's `*` cancels (§4: `-ERR`). A bare AUTH lists the mechanisms, as many clients still expect
// (the RFC 1734 era). Refused before TLS where TLS is required.
import { runSaslExchange, saslMechanism, SASL_MECHANISMS, type SaslFailure } from '../../auth/index.ts';
import { tlsRequired } from '../replies.ts';
import { failAuthentication, signIn } from '../sign-in.ts';
import type { CommandResult } from './command.ts';
import { defineCommand, err, ok } from './command.ts';

const failedExchange: Readonly<Record<Exclude<SaslFailure['kind'], 'authorization-refused'>, CommandResult>> = {
  cancelled: err('Authentication cancelled'),
  'not-base64': err('The response is not valid base64'),
  'malformed-plain': err('A PLAIN response is authzid NUL authcid NUL password'),
};

export const auth = defineCommand({
  name: 'AUTH',
  phases: ['authorization'],
  async run(ctx, _state, command) {
    if (!ctx.loginAllowed) return tlsRequired;
    if (command.mechanism === null) return ok('Supported mechanisms follow', { lines: [...SASL_MECHANISMS] });
    const mechanism = saslMechanism(command.mechanism);
    if (mechanism === undefined) return err(`Unsupported authentication mechanism ${command.mechanism.slice(0, 40)}`);
    const outcome = await runSaslExchange(mechanism, command.initialResponse, (challenge) => ctx.requestLine(challenge));
    if (outcome.kind === 'credentials') return signIn(ctx, outcome.username, outcome.password);
    // Acting as another identity is not supported: answered as a failed authentication.
    if (outcome.kind === 'authorization-refused') return failAuthentication(ctx);
    return failedExchange[outcome.kind];
  },
});
