// The end of LOGIN and AUTHENTICATE: checks the credentials with the shared Authenticator (Argon2id off
// the event loop, with its success cache) and moves the session to the authenticated state. A failure
// is answered only after `auth_failure_delay`, which slows down password guessing on one connection.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandContext, CommandResult } from './commands/command.ts';

/** RFC 9051 §6.2.3, RFC 5530 §3: credentials are refused before TLS on this listener. */
export const privacyRequired: CommandResult = {
  status: 'NO',
  code: { name: 'PRIVACYREQUIRED' },
  text: 'Authentication needs TLS first: use STARTTLS, or port 993',
};

export async function signIn(ctx: CommandContext, username: string, password: string): Promise<CommandResult> {
  const account = await ctx.authenticator.authenticate(username, password);
  if (account === undefined) {
    ctx.logger.info({ session: ctx.sessionId, user: username.slice(0, 320) }, 'authentication failed');
    await sleep(ctx.settings.auth_failure_delay);
    return failedAuthentication;
  }
  ctx.setState({ phase: 'authenticated', account });
  ctx.logger.info({ session: ctx.sessionId, user: account.address }, 'logged in');
  // RFC 9051 §6.2.3: the OK may carry the capabilities of the new state, saving a round trip.
  return { status: 'OK', code: { name: 'CAPABILITY', capabilities: ctx.capabilities() }, text: 'Logged in' };
}

export async function failAuthentication(ctx: CommandContext): Promise<CommandResult> {
  await sleep(ctx.settings.auth_failure_delay);
  return failedAuthentication;
}

const failedAuthentication: CommandResult = { status: 'NO', code: { name: 'AUTHENTICATIONFAILED' }, text: 'Invalid credentials' };
