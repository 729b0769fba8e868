// RETR n (RFC 1939 §5): the whole message, streamed from its blob by the session.
import { defineCommand, err, ok } from './command.ts';

export const retr = defineCommand({
  name: 'RETR',
  phases: ['transaction'],
  async run(ctx, state, command) {
    const found = state.maildrop.lookup(command.message);
    if (!found.ok) return err(found.text);
    // Expunged by IMAP meanwhile, the message stays readable until check-store collects its blob.
    if (!(await ctx.mail.blobs.exists(found.message.blobHash))) return err(`Message ${command.message} was removed by another session`);
    return ok(`${found.message.size} octets`, { body: { message: found.message, topLines: null } });
  },
});
