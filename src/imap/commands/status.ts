// STATUS (RFC 9051 §6.3.11): counters of any mailbox, the selected one included (read from the store,
// so they may be ahead of what the selected view has announced, as RFC 9051 §6.3.11 permits).
import { statusResponse } from '../status-response.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

export const status = defineCommand({
  name: 'STATUS',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    const mailbox = await ctx.mail.findMailbox(state.account.id, command.mailbox);
    if (mailbox === undefined) return { status: 'NO', code: { name: 'NONEXISTENT' }, text: 'Mailbox does not exist' };
    ctx.untagged(await statusResponse({ mail: ctx.mail, utf8: ctx.utf8, appendLimit: ctx.settings.max_literal_size }, mailbox, command.items));
    return { status: 'OK', text: 'STATUS completed' };
  },
});
