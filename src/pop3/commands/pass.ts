// PASS (RFC 1939 §7): signs in with the name given by USER.
import { tlsRequired } from '../replies.ts';
import { signIn } from '../sign-in.ts';
import { defineCommand, err } from './command.ts';

export const pass = defineCommand({
  name: 'PASS',
  phases: ['authorization'],
  async run(ctx, state, command) {
    if (!ctx.loginAllowed) return tlsRequired;
    if (state.user === null) return err('Send USER first');
    return signIn(ctx, state.user, command.password);
  },
});
