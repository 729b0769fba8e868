// AUTH (RFC 4954) on submission listeners (RFC 6409 §4.3) with the SASL mechanisms of auth/ (PLAIN,
// LOGIN), an initial response on the command line (`=` for an empty one), challenges as `334 base64`
// and `*` to cancel (§4). Not on port 25 listeners: an MTA port takes no passwords (Postfix's default),
// so AUTH there is 502 and is not advertised. Before TLS on a listener that requires it: 538 (§4).
// A failure is answered after `auth_failure_delay` and logged with the client address (auto-ban input).
import { setTimeout as sleep } from 'node:timers/promises';
import { runSaslExchange, saslMechanism } from '../../auth/index.ts';
import * as replies from '../replies.ts';
import type { SmtpReply } from '../replies.ts';
import { ALL_PHASES } from '../session-state.ts';
import { defineCommand, type CommandContext, type ParseResult } from './command.ts';

interface AuthArguments {
  mechanism: string;
  /** The initial response (RFC 4954 §4): '' for `=`, null when absent. */
  initialResponse: string | null;
}

export const auth = defineCommand({
  verb: 'AUTH',
  phases: ALL_PHASES,
  parse: parseAuth,
  async run(ctx, state, args) {
    if (!ctx.submission) return replies.authUnavailable;
    if (state.phase === 'connected') return replies.needHelo;
    if (state.phase !== 'ready') return replies.authInTransaction;
    if (ctx.authenticated !== null) return replies.alreadyAuthenticated;
    if (!ctx.authAllowed) return replies.authNeedsTls;
    const mechanism = saslMechanism(args.mechanism);
    if (mechanism === undefined) return replies.authMechanismUnknown;
    let tooLong = false;
    const outcome = await runSaslExchange(mechanism, args.initialResponse, async (challenge) => {
      const line = await ctx.requestLine(replies.authChallenge(challenge));
      if (line === 'too-long') tooLong = true;
      return line === 'too-long' || line === '*' ? null : line;
    });
    if (tooLong) return replies.authLineTooLong;
    switch (outcome.kind) {
      case 'credentials':
        return signIn(ctx, outcome.username, outcome.password);
      case 'cancelled':
        return replies.authCancelled;
      case 'not-base64':
        return replies.authNotBase64;
      case 'malformed-plain':
        return replies.authMalformed;
      case 'authorization-refused':
        // Acting as another identity is not supported: answered as failed credentials.
        return failed(ctx, '(authzid differs)');
    }
  },
});

async function signIn(ctx: CommandContext, username: string, password: string): Promise<SmtpReply> {
  const account = await ctx.authenticate(username, password);
  if (account === undefined) return failed(ctx, username);
  ctx.logger.info({ user: account.address }, 'authenticated');
  return replies.authenticated;
}

async function failed(ctx: CommandContext, username: string): Promise<SmtpReply> {
  ctx.logger.warn({ address: ctx.clientAddress, user: username.slice(0, 320) }, 'authentication failed');
  await sleep(ctx.settings.auth_failure_delay);
  return replies.authFailed;
}

function parseAuth(text: string): ParseResult<AuthArguments> {
  const parts = text.split(' ');
  if (text === '' || parts.length > 2 || parts.some((part) => part === '')) return { ok: false, reply: replies.authSyntax };
  const [mechanism, initial] = parts as [string, string?];
  return { ok: true, args: { mechanism: mechanism.toUpperCase(), initialResponse: initial === undefined ? null : initial === '=' ? '' : initial } };
}
