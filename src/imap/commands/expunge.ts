// EXPUNGE (RFC 9051 §6.4.3) and UID EXPUNGE (RFC 4315 §2.1, RFC 9051 §6.4.9): removes the \Deleted
// messages (of the UID set only, for UID EXPUNGE). The session's own expunges are announced by the
// same view sync that announces everybody else's, so each expunged message is reported exactly once
// and message numbers stay consistent (RFC 9051 §7.5.1).
import { defineCommand, always } from './command.ts';
import { toUidSet } from '../uid-ranges.ts';

export const expunge = defineCommand({
  name: 'EXPUNGE',
  phases: ['selected'],
  expungeSafe: always,
  async run(ctx, state, command) {
    const view = state.view;
    if (view.readOnly) return { status: 'NO', code: { name: 'READ-ONLY' }, text: 'Mailbox is read-only' };
    if (command.uid) {
      const uids = view.resolve(command.set, true);
      if (uids.length > 0) await ctx.mail.expunge(view.mailboxId, toUidSet(uids));
    } else {
      await ctx.mail.expunge(view.mailboxId);
    }
    for (const line of await view.sync({ expunges: true })) ctx.untagged(line);
    return { status: 'OK', text: 'EXPUNGE completed' };
  },
});
