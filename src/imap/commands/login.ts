// LOGIN (RFC 9051 §6.2.3): refused with PRIVACYREQUIRED while LOGINDISABLED is advertised (no TLS on a
// listener that requires it), then the same sign-in as AUTHENTICATE.
import { signIn, privacyRequired } from '../sign-in.ts';
import { defineCommand, never } from './command.ts';

export const login = defineCommand({
  name: 'LOGIN',
  phases: ['not-authenticated'],
  expungeSafe: never,
  async run(ctx, _state, command) {
    if (ctx.capabilities().includes('LOGINDISABLED')) return privacyRequired;
    return signIn(ctx, command.username, command.password);
  },
});
