// GETQUOTA (RFC 9208 §4.2): the usage and limits of a quota root; the account's root is "".
import { QUOTA_ROOT, quotaResponse } from '../quota-root.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const getquota = defineCommand({
  name: 'GETQUOTA',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    const usage = command.root === QUOTA_ROOT ? await ctx.mail.quotaUsage(state.account.id) : undefined;
    const response = usage === undefined ? null : quotaResponse(usage);
    if (response === null) return { status: 'NO', code: { name: 'NONEXISTENT' }, text: 'No such quota root' };
    ctx.untagged(response);
    return { status: 'OK', text: 'GETQUOTA completed' };
  },
});
