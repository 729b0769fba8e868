// One mail transaction on an open session (RFC 5321 §3.3): MAIL FROM, a RCPT TO per recipient, DATA,
// the message, the final reply. With PIPELINING (RFC 2920 §3.1) MAIL and every RCPT go out as one
// group and the replies are read in order; DATA waits for them, so an all-refused envelope never sends
// a message.
//
// Contract: every recipient of the batch is either decided (a RecipientResult) or, when the server
// said "too many recipients" after accepting others, carried over for a next transaction on the same
// session (RFC 5321 §4.5.3.1.8: be prepared to send in chunks). A carry-over only happens when this
// transaction accepted someone, so repeating transactions always ends. A lost connection, a timeout or
// a broken reply leaves every undecided recipient temporary (4.4.2); a message that cannot be read
// leaves them temporary (4.3.0) and the connection is dropped without the final dot.
import type { Logger } from '../log/index.ts';
import { SmtpClientError } from './smtp-client.ts';
import type { ClientReply } from './smtp-reply.ts';
import { formatReply } from './smtp-reply.ts';
import { mailFromLine, rcptToLine, type TransactionParameters } from './smtp-params.ts';
import type { SmtpSession } from './smtp-session.ts';
import { describeServer, fromReply, isTooManyRecipients, localResult, tooMany } from './transfer-outcome.ts';
import type { TransferTimeouts } from './transfer-options.ts';
import type { OutboundMessage, OutboundRecipient, RecipientResult, SmtpStep } from './transfer-types.ts';

export interface BatchRecipient {
  /** Position in the message's recipient list. */
  index: number;
  recipient: OutboundRecipient;
}

export interface TransactionOutcome {
  decided: Array<{ index: number; result: RecipientResult }>;
  carryOver: BatchRecipient[];
}

export async function runTransaction(
  session: SmtpSession,
  message: OutboundMessage,
  batch: readonly BatchRecipient[],
  params: TransactionParameters,
  timeouts: TransferTimeouts,
  logger: Logger,
): Promise<TransactionOutcome> {
  const { client, server } = session;
  const decided = new Map<number, RecipientResult>();
  const decideAll = (recipients: readonly BatchRecipient[], result: (address: string) => RecipientResult): void => {
    for (const { index, recipient } of recipients) if (!decided.has(index)) decided.set(index, result(recipient.address));
  };
  const finish = (carryOver: BatchRecipient[] = []): TransactionOutcome => ({
    decided: [...decided].map(([index, result]) => ({ index, result })),
    carryOver,
  });
  let step: SmtpStep = 'RSET';
  try {
    if (session.dirty) {
      const reset = await client.command('RSET', timeouts.commandMs);
      if (reset.code !== 250) {
        client.close();
        decideAll(batch, (address) => ({ ...fromReply(address, reset, server, 'RSET'), outcome: 'temporary' }));
        return finish();
      }
      session.dirty = false;
    }
    step = 'MAIL FROM';
    session.dirty = true;
    const lines = [mailFromLine(message, session.extensions, params), ...batch.map(({ recipient }) => rcptToLine(recipient, params))];
    const envelope = session.extensions.pipelining ? await pipelined(session, lines, timeouts.commandMs) : await oneByOne(session, lines, timeouts.commandMs);
    const mail = envelope.replies[0];
    if (!mail) throw envelope.failure ?? new SmtpClientError('closed', 'no reply to MAIL FROM');
    if (mail.code !== 250) {
      decideAll(batch, (address) => fromReply(address, mail, server, 'MAIL FROM'));
      return finish();
    }
    step = 'RCPT TO';
    const rcptReplies = envelope.replies.slice(1);
    const last = envelope.replies[envelope.replies.length - 1]!;
    // Recipients without a reply: the server closed (421, RFC 5321 §3.8) or the connection broke.
    const unanswered = (address: string): RecipientResult =>
      last.code === 421 ? fromReply(address, last, server, 'RCPT TO') : localResult(address, 'temporary', '4.4.2', lostDetail(envelope.failure, session, step));
    const accepted: BatchRecipient[] = [];
    const limited: BatchRecipient[] = [];
    let limitReply: ClientReply | null = null;
    batch.forEach((entry, i) => {
      // Without PIPELINING, recipients after a "too many recipients" were never sent: the same answer.
      const reply = rcptReplies[i] ?? limitReply;
      if (!reply) decided.set(entry.index, unanswered(entry.recipient.address));
      else if (reply.code >= 200 && reply.code < 300) accepted.push(entry);
      else if (isTooManyRecipients(reply)) {
        limitReply = reply;
        limited.push(entry);
      } else decided.set(entry.index, fromReply(entry.recipient.address, reply, server, 'RCPT TO'));
    });
    if (envelope.failure || last.code === 421) {
      decideAll([...accepted, ...limited], unanswered);
      return finish();
    }
    const carryOver = accepted.length > 0 ? limited : [];
    if (limitReply !== null) {
      const reply: ClientReply = limitReply;
      if (accepted.length === 0) decideAll(limited, (address) => tooMany(address, reply, server));
      logger.info({ server: describeServer(server), accepted: accepted.length, deferred: limited.length, reply: formatReply(reply) }, 'server limited recipients per transaction');
    }
    if (accepted.length === 0) return finish();

    step = 'DATA';
    const data = await client.command('DATA', timeouts.dataStartMs);
    if (data.code !== 354) {
      decideAll(accepted, (address) => fromReply(address, data, server, 'DATA'));
      return finish(carryOver);
    }
    step = 'end of DATA';
    await client.sendData(() => message.open(), timeouts.dataBlockMs);
    const final = await client.readReply(timeouts.dataEndMs);
    session.dirty = false;
    decideAll(accepted, (address) => fromReply(address, final, server, 'end of DATA'));
    return finish(carryOver);
  } catch (error) {
    if (!(error instanceof SmtpClientError)) {
      logger.error({ err: error }, 'message could not be read for sending');
      decideAll(batch, (address) => localResult(address, 'temporary', '4.3.0', `local error while sending to ${describeServer(server)}: the message could not be read`));
      return finish();
    }
    const detail = lostDetail(error, session, step);
    decideAll(batch, (address) => localResult(address, 'temporary', '4.4.2', detail));
    return finish();
  }
}

interface EnvelopeReplies {
  replies: ClientReply[];
  /** Set when the connection failed before every reply was read. */
  failure: SmtpClientError | null;
}

/** RFC 2920 §3.1: MAIL and the RCPTs as one group, replies read in order. */
async function pipelined(session: SmtpSession, lines: readonly string[], timeoutMs: number): Promise<EnvelopeReplies> {
  session.client.sendGroup(lines);
  const replies: ClientReply[] = [];
  for (let i = 0; i < lines.length; i++) {
    const read = await readReply(session, timeoutMs);
    if (!read.ok) return { replies, failure: read.failure };
    replies.push(read.reply);
    if (read.reply.code === 421) break;
  }
  return { replies, failure: null };
}

/** One command at a time: stops after a refused MAIL, a "too many recipients" or a 421. */
async function oneByOne(session: SmtpSession, lines: readonly string[], timeoutMs: number): Promise<EnvelopeReplies> {
  const replies: ClientReply[] = [];
  for (const line of lines) {
    session.client.send(line);
    const read = await readReply(session, timeoutMs);
    if (!read.ok) return { replies, failure: read.failure };
    replies.push(read.reply);
    if ((replies.length === 1 && read.reply.code !== 250) || read.reply.code === 421 || isTooManyRecipients(read.reply)) break;
  }
  return { replies, failure: null };
}

async function readReply(session: SmtpSession, timeoutMs: number): Promise<{ ok: true; reply: ClientReply } | { ok: false; failure: SmtpClientError }> {
  try {
    return { ok: true, reply: await session.client.readReply(timeoutMs) };
  } catch (error) {
    if (error instanceof SmtpClientError) return { ok: false, failure: error };
    throw error;
  }
}

function lostDetail(error: SmtpClientError | null, session: SmtpSession, step: SmtpStep): string {
  const server = describeServer(session.server);
  if (error?.kind === 'timeout') return `conversation with ${server} timed out while sending ${step}`;
  return `lost connection with ${server} while sending ${step}${error ? `: ${error.message}` : ''}`;
}
