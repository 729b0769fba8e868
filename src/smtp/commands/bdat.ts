// BDAT size [LAST] (RFC 3030 §2): exactly `size` octets follow the line, binary-safe, without dot
// transparency; line endings are still normalised (line-endings.ts, whose state carries a CR that
// ends one chunk into the next). Each chunk gets 250; LAST commits.
//
// A chunk is always consumed, even when refused, and after a refused chunk every later chunk of the
// transaction is consumed and refused the same way until LAST (RFC 3030 §2: the client may already
// have pipelined them). A chunk refused because there is no transaction is answered by the dispatcher.
import * as replies from '../replies.ts';
import { LineEndingNormaliser } from '../wire/line-endings.ts';
import type { SmtpReply } from '../wire/reply.ts';
import type { Greeting } from '../session-state.ts';
import { defineCommand, type CommandContext, type ParseResult } from './command.ts';
import { refusalWithoutRecipients, writeReceivedHeader } from './message-body.ts';

interface BdatArguments {
  size: number;
  last: boolean;
}

/** A chunk size with more digits than this is not a size we would read (Number stays exact). */
const MAX_SIZE_DIGITS = 15;

export const bdat = defineCommand({
  verb: 'BDAT',
  phases: ['envelope', 'chunking', 'chunks-refused'],
  payloadOctets: (args) => args.size,
  parse: parseBdat,
  async run(ctx, state, { size, last }) {
    if (state.phase === 'chunks-refused') {
      await ctx.input.skip(size);
      if (last) ctx.setState({ phase: 'ready', greeting: state.greeting });
      return state.reply;
    }
    const { tx, greeting } = state;
    let decoder: LineEndingNormaliser;
    if (state.phase === 'envelope') {
      const refusal = refusalWithoutRecipients(tx);
      if (refusal) {
        await ctx.input.skip(size);
        await tx.abort();
        return refuseChunks(ctx, greeting, refusal, last);
      }
      await writeReceivedHeader(ctx, greeting, tx);
      decoder = new LineEndingNormaliser();
      ctx.setState({ phase: 'chunking', greeting, tx, decoder });
    } else {
      decoder = state.decoder;
    }
    let left = size;
    while (left > 0) {
      const chunk = await ctx.input.read(left);
      left -= chunk.length;
      await tx.appendBody(decoder.push(chunk));
    }
    if (tx.oversized) {
      await tx.abort('too-big');
      return refuseChunks(ctx, greeting, replies.messageTooBig, last);
    }
    if (!last) return replies.chunkReceived(size);
    await tx.appendBody(decoder.end());
    ctx.setState({ phase: 'ready', greeting });
    return tx.finish();
  },
});

/** The transaction is over; later chunks get the same reply until LAST. */
function refuseChunks(ctx: CommandContext, greeting: Greeting, reply: SmtpReply, last: boolean): SmtpReply {
  ctx.setState(last ? { phase: 'ready', greeting } : { phase: 'chunks-refused', greeting, reply });
  return reply;
}

function parseBdat(text: string): ParseResult<BdatArguments> {
  const match = new RegExp(`^(\\d{1,${MAX_SIZE_DIGITS}})(?: +(LAST))?$`, 'i').exec(text);
  if (!match) return { ok: false, reply: replies.bdatSyntax };
  return { ok: true, args: { size: Number(match[1]), last: match[2] !== undefined } };
}
