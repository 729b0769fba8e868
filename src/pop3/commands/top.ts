// TOP n m (RFC 1939 §7): the header section, the empty line after it and the first m body lines.
import { defineCommand, err, ok } from './command.ts';

export const top = defineCommand({
  name: 'TOP',
  phases: ['transaction'],
  async run(ctx, state, command) {
    const found = state.maildrop.lookup(command.message);
    if (!found.ok) return err(found.text);
    if (!(await ctx.mail.blobs.exists(found.message.blobHash))) return err(`Message ${command.message} was removed by another session`);
    return ok('Top of message follows', { body: { message: found.message, topLines: command.lines } });
  },
});
