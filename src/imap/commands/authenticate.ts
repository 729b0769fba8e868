// AUTHENTICATE (RFC 9051 §6.2.2) with the PLAIN (RFC 4616) and LOGIN mechanisms, and an initial
// response on the command line (SASL-IR, RFC 4959). A client's `*` cancels with BAD (§6.2.2); a
// response that is not base64 is BAD too. Refused with PRIVACYREQUIRED where LOGINDISABLED is advertised.
import { failAuthentication, privacyRequired, signIn } from '../sign-in.ts';
import type { CommandContext, CommandResult } from './command.ts';
import { defineCommand, never } from './command.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const cancelled: CommandResult = { status: 'BAD', text: 'Authentication cancelled' };
const notBase64: CommandResult = { status: 'BAD', text: 'The response is not valid base64' };

/** The client's next SASL response, decoded; a result when it cancelled or sent something unusable. */
async function response(ctx: CommandContext, challenge: string): Promise<Buffer | CommandResult> {
  const line = await ctx.requestLine(Buffer.from(challenge).toString('base64'));
  if (line === null) return cancelled;
  if (!BASE64.test(line)) return notBase64;
  return Buffer.from(line, 'base64');
}

/** RFC 4616 §2: [authzid] NUL authcid NUL passwd. Acting as someone else is not supported. */
async function plain(ctx: CommandContext, initial: string | null): Promise<CommandResult> {
  const message = initial === null ? await response(ctx, '') : Buffer.from(initial, 'base64');
  if (!Buffer.isBuffer(message)) return message;
  const fields = message.toString('utf8').split('\0');
  if (fields.length !== 3) return { status: 'BAD', text: 'A PLAIN response is authzid NUL authcid NUL password' };
  const [authzid, authcid, password] = fields as [string, string, string];
  if (authzid !== '' && authzid.toLowerCase() !== authcid.toLowerCase()) return failAuthentication(ctx);
  return signIn(ctx, authcid, password);
}

/** LOGIN (draft-murchison-sasl-login): "Username:" and "Password:" challenges; SASL-IR carries the user. */
async function login(ctx: CommandContext, initial: string | null): Promise<CommandResult> {
  const username = initial === null ? await response(ctx, 'Username:') : Buffer.from(initial, 'base64');
  if (!Buffer.isBuffer(username)) return username;
  const password = await response(ctx, 'Password:');
  if (!Buffer.isBuffer(password)) return password;
  return signIn(ctx, username.toString('utf8'), password.toString('utf8'));
}

export const authenticate = defineCommand({
  name: 'AUTHENTICATE',
  phases: ['not-authenticated'],
  expungeSafe: never,
  async run(ctx, _state, command) {
    if (ctx.capabilities().includes('LOGINDISABLED')) return privacyRequired;
    switch (command.mechanism) {
      case 'PLAIN':
        return plain(ctx, command.initialResponse);
      case 'LOGIN':
        return login(ctx, command.initialResponse);
      default:
        return { status: 'NO', text: `Unsupported authentication mechanism ${command.mechanism.slice(0, 40)}` };
    }
  },
});
