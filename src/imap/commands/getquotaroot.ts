// GETQUOTAROOT (RFC 9208 §4.3): the quota roots of a mailbox (the account's "" when it has a limit),
// then the QUOTA response of each.
import { QUOTA_ROOT, quotaResponse } from '../quota-root.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { formatMailbox } from '../wire/index.ts';
import { always, defineCommand } from './command.ts';

export const getquotaroot = defineCommand({
  name: 'GETQUOTAROOT',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    const mailbox = await ctx.mail.findMailbox(state.account.id, command.mailbox);
    if (mailbox === undefined) return { status: 'NO', code: { name: 'NONEXISTENT' }, text: 'Mailbox does not exist' };
    const usage = await ctx.mail.quotaUsage(state.account.id);
    const response = usage === undefined ? null : quotaResponse(usage);
    const name = formatMailbox(mailbox.name, ctx.utf8);
    ctx.untagged(response === null ? `QUOTAROOT ${name}` : `QUOTAROOT ${name} "${QUOTA_ROOT}"`);
    if (response !== null) ctx.untagged(response);
    return { status: 'OK', text: 'GETQUOTAROOT completed' };
  },
});
