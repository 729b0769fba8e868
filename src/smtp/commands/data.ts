// DATA (RFC 5321 §4.1.1.4): 354, then the message streams through the DATA decoder into the
// delivery transaction until <CRLF>.<CRLF>; the final reply comes from the commit.
import * as replies from '../replies.ts';
import { DataDecoder } from '../wire/data-decoder.ts';
import { defineCommand, noArguments } from './command.ts';
import { refusalWithoutRecipients, writeReceivedHeader } from './message-body.ts';

/** Bytes asked of the connection at a time; what is decoded from them is written in one call. */
const READ_SIZE = 64 * 1024;

export const data = defineCommand({
  verb: 'DATA',
  // DATA after BDAT in the same transaction is out of sequence (RFC 3030 §2).
  phases: ['envelope'],
  parse: noArguments(replies.noArguments),
  async run(ctx, state, _args) {
    const { tx, greeting } = state;
    const refusal = refusalWithoutRecipients(tx);
    if (refusal) return refusal;
    await writeReceivedHeader(ctx, greeting, tx);
    ctx.send(replies.startData);
    const decoder = new DataDecoder();
    // A message over the limit is read to its end and dropped (RFC 5321 §4.5.3.1.10 wants the 552
    // after the data), so the commands after it are still understood.
    while (!decoder.done) {
      const chunk = await ctx.input.read(READ_SIZE);
      const step = decoder.push(chunk);
      if (step.end !== null) ctx.input.unread(chunk.subarray(step.end));
      await tx.appendBody(step.output);
    }
    ctx.setState({ phase: 'ready', greeting });
    return tx.finish();
  },
});
