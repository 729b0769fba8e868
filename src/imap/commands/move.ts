// MOVE and UID MOVE (RFC 6851): copy and expunge in one store transaction. COPYUID goes out in an
// untagged OK before the expunges (RFC 6851 §4.3), then the view announces the removed messages as
// EXPUNGE or, with QRESYNC, VANISHED (RFC 6851 §4.4), then the tagged OK.
import { formatResponseCode } from '../wire/index.ts';
import { transferMessages } from '../transfer.ts';
import { always, defineCommand } from './command.ts';

export const move = defineCommand({
  name: 'MOVE',
  phases: ['selected'],
  expungeSafe: always,
  async run(ctx, state, command) {
    const view = state.view;
    if (view.readOnly) return { status: 'NO', code: { name: 'READ-ONLY' }, text: 'The mailbox is read-only' };
    const outcome = await transferMessages(ctx, state.account.id, view, command, 'move');
    if (outcome.kind === 'failed') return outcome.reply;
    const result = outcome.result;
    if (result === null) return { status: 'OK', text: 'MOVE completed, no messages' };
    const code = formatResponseCode({ name: 'COPYUID', uidValidity: result.uidValidity, source: result.sourceUids, destination: result.targetUids });
    ctx.untagged(`OK [${code}] Moved`);
    for (const response of await view.sync({ expunges: true })) ctx.untagged(response);
    return { status: 'OK', text: 'MOVE completed' };
  },
});
