// AUTH (RFC 5034) with the PLAIN (RFC 4616) and LOGIN mechanisms, with an initial response on the
// command line (`=` for an empty one). A client's `*` cancels (§4: `-ERR`). A bare AUTH lists the
// mechanisms, as many clients still expect (the RFC 1734 era). Refused before TLS where TLS is required.
import { SASL_MECHANISMS } from '../capabilities.ts';
import { tlsRequired } from '../replies.ts';
import { failAuthentication, signIn } from '../sign-in.ts';
import type { CommandContext, CommandResult } from './command.ts';
import { defineCommand, err, ok } from './command.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const cancelled = err('Authentication cancelled');
const notBase64 = err('The response is not valid base64');

function decode(text: string): Buffer | CommandResult {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : notBase64;
}

/** The client's next SASL response, decoded; a result when it cancelled or sent something unusable. */
async function response(ctx: CommandContext, challenge: string): Promise<Buffer | CommandResult> {
  const line = await ctx.requestLine(challenge);
  return line === null ? cancelled : decode(line);
}

/** RFC 4616 §2: [authzid] NUL authcid NUL passwd. Acting as someone else is not supported. */
async function plain(ctx: CommandContext, initial: string | null): Promise<CommandResult> {
  const message = initial === null ? await response(ctx, '') : decode(initial);
  if (!Buffer.isBuffer(message)) return message;
  const fields = message.toString('utf8').split('\0');
  if (fields.length !== 3) return err('A PLAIN response is authzid NUL authcid NUL password');
  const [authzid, authcid, password] = fields as [string, string, string];
  if (authzid !== '' && authzid.toLowerCase() !== authcid.toLowerCase()) return failAuthentication(ctx);
  return signIn(ctx, authcid, password);
}

/** LOGIN (draft-murchison-sasl-login): "Username:" and "Password:" challenges; an initial response carries the user. */
async function login(ctx: CommandContext, initial: string | null): Promise<CommandResult> {
  const username = initial === null ? await response(ctx, 'Username:') : decode(initial);
  if (!Buffer.isBuffer(username)) return username;
  const password = await response(ctx, 'Password:');
  if (!Buffer.isBuffer(password)) return password;
  return signIn(ctx, username.toString('utf8'), password.toString('utf8'));
}

export const auth = defineCommand({
  name: 'AUTH',
  phases: ['authorization'],
  async run(ctx, _state, command) {
    if (!ctx.loginAllowed) return tlsRequired;
    switch (command.mechanism) {
      case null:
        return ok('Supported mechanisms follow', { lines: [...SASL_MECHANISMS] });
      case 'PLAIN':
        return plain(ctx, command.initialResponse);
      case 'LOGIN':
        return login(ctx, command.initialResponse);
      default:
        return err(`Unsupported authentication mechanism ${command.mechanism.slice(0, 40)}`);
    }
  },
});
