// The end of PASS and AUTH: checks the credentials with the shared Authenticator (Argon2id off the
// event loop, with its success cache), takes the maildrop lock (RFC 1939 §8), snapshots the INBOX and
// moves to the TRANSACTION state. A failure is answered only after `auth_failure_delay`, which slows
// down password guessing on one connection.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandContext, CommandResult } from './commands/command.ts';
import { ok } from './commands/command.ts';
import { Maildrop } from './maildrop.ts';
import { authenticationFailed, maildropInUse } from './replies.ts';

export async function signIn(ctx: CommandContext, username: string, password: string): Promise<CommandResult> {
  const account = await ctx.authenticator.authenticate(username, password);
  if (account === undefined) {
    ctx.logger.info({ session: ctx.sessionId, user: username.slice(0, 320) }, 'authentication failed');
    return failAuthentication(ctx);
  }
  if (!ctx.locks.tryAcquire(account.id)) {
    ctx.logger.info({ session: ctx.sessionId, user: account.address }, 'maildrop in use');
    ctx.setState({ phase: 'authorization', user: null });
    return maildropInUse;
  }
  let maildrop: Maildrop;
  try {
    maildrop = await Maildrop.open(ctx.mail, account.id);
  } catch (error) {
    ctx.locks.release(account.id);
    throw error;
  }
  ctx.setState({ phase: 'transaction', account, maildrop });
  const { count, octets } = maildrop.stat();
  ctx.logger.info({ session: ctx.sessionId, user: account.address, messages: count }, 'logged in');
  return ok(`Logged in, ${count} messages (${octets} octets)`);
}

export async function failAuthentication(ctx: CommandContext): Promise<CommandResult> {
  ctx.setState({ phase: 'authorization', user: null });
  await sleep(ctx.settings.auth_failure_delay);
  return authenticationFailed;
}
