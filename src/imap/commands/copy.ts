// COPY and UID COPY (RFC 9051 §6.4.7, §6.4.9) with UIDPLUS's COPYUID in the tagged OK (RFC 4315 §3).
// Copying out of a read-only (EXAMINEd) mailbox is allowed: only the target changes.
import { transferMessages } from '../transfer.ts';
import { always, defineCommand } from './command.ts';

export const copy = defineCommand({
  name: 'COPY',
  phases: ['selected'],
  expungeSafe: always,
  async run(ctx, state, command) {
    const outcome = await transferMessages(ctx, state.account.id, state.view, command, 'copy');
    if (outcome.kind === 'failed') return outcome.reply;
    const result = outcome.result;
    if (result === null) return { status: 'OK', text: 'COPY completed, no messages' };
    return {
      status: 'OK',
      code: { name: 'COPYUID', uidValidity: result.uidValidity, source: result.sourceUids, destination: result.targetUids },
      text: 'COPY completed',
    };
  },
});
