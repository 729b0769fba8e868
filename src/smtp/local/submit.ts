// A trusted local submission (the pickup folder, `mailstead sendmail`): a message's bytes in, one
// delivery through the DeliveryTarget out, with the envelope taken from the rules and the header section
// (local-envelope.ts).
//
// Contract:
// - The client is `local`: the router lets it relay to remote domains, does not check its sender, and
//   fixes its header section (removes Bcc, adds a missing Date, Message-ID, From).
// - Recipients are added one by one; refused ones are reported with their reply, the others get the
//   message. With none accepted nothing is delivered. A transaction where every refusal is permanent is
//   `permanent`; one with a temporary refusal among them is `temporary` (worth trying again as a whole).
// - The body streams from the source into the transaction; only the header section is held (up to
//   `smtp.max_header_size`). `smtp.max_message_size` counts the message's octets as read (line endings
//   normalised, our Received line not counted).
// - `delivered` is returned only after commit, so the message is durable; anything unexpected (a read
//   error, a store error) is `temporary` and aborts the transaction. Never throws. The source is always
//   closed (its iterator returned) before this resolves.
import { randomBytes } from 'node:crypto';
import { localClient } from '../../delivery/index.ts';
import type { DeliveryTarget, DeliveryTransaction, RejectKind } from '../../delivery/types.ts';
import type { Logger } from '../../log/index.ts';
import { rejection } from '../replies.ts';
import { readHeaderSection } from './header-section.ts';
import { localEnvelope, type EnvelopeRules } from './local-envelope.ts';
import { localReceivedHeader } from './local-received.ts';
import { messageInput } from './message-input.ts';

export interface LocalLimits {
  /** `smtp.max_message_size`. */
  maxMessageSize: number;
  /** `smtp.max_header_size`. */
  maxHeaderSize: number;
}

export interface LocalSubmissionOptions {
  delivery: DeliveryTarget;
  /** Our hostname, in the Received line. */
  hostname: string;
  /** The Received comment: how the message came in (`pickup`, `sendmail, userid 1000`). */
  origin: string;
  rules: EnvelopeRules;
  limits: LocalLimits;
  /** A line of a single "." ends the message (sendmail without `-i`). */
  dotTerminates?: boolean;
  /** The size when known before reading (a file), so quotas are checked at each recipient. */
  declaredSize?: number | null;
  logger: Logger;
  /** ms since epoch: the Received date. */
  clock?: () => number;
  /** Ties the logs of this submission together; random when not given. */
  sessionId?: string;
}

export interface RefusedRecipient {
  address: string;
  /** The verdict as SMTP would reply it (`550 5.1.1 User unknown`), or why the address is unusable. */
  reason: string;
  temporary: boolean;
}

export type LocalOutcome =
  | { status: 'delivered'; sessionId: string; messageId: number; sender: string; accepted: string[]; refused: RefusedRecipient[] }
  | { status: 'temporary' | 'permanent'; sessionId: string; reason: string; refused: RefusedRecipient[] };

/** The verdict as SMTP replies it, and whether trying again later may succeed (a 4xx reply). */
function describe(kind: RejectKind, detail?: string): { reason: string; temporary: boolean } {
  const reply = rejection[kind];
  const text = `${reply.code} ${reply.enhanced ?? ''} ${reply.lines[0]}`.replace(/\s+/g, ' ');
  return { reason: detail === undefined ? text : `${text} (${detail})`, temporary: reply.code < 500 };
}

export async function submitLocal(source: AsyncIterable<Buffer | string>, options: LocalSubmissionOptions): Promise<LocalOutcome> {
  const sessionId = options.sessionId ?? randomBytes(5).toString('hex');
  const clock = options.clock ?? Date.now;
  const { limits } = options;
  const input = messageInput(source, { dotTerminates: options.dotTerminates ?? false });
  const refused: RefusedRecipient[] = [];
  const fail = (status: 'temporary' | 'permanent', reason: string): LocalOutcome => ({ status, sessionId, reason, refused });
  let tx: DeliveryTransaction | null = null;
  try {
    const header = await readHeaderSection(input, limits.maxHeaderSize);
    if (header.kind === 'too-large') return fail('permanent', `the header section is larger than smtp.max_header_size (${limits.maxHeaderSize} octets)`);
    if (header.kind === 'malformed') return fail('permanent', `malformed header section: ${header.reason}`);
    const derived = localEnvelope(header.fields, options.rules);
    if (!derived.ok) return fail('permanent', derived.reason);
    const { sender, recipients, unusable, dropped } = derived.envelope;
    for (const { address, reason } of unusable) refused.push({ address, reason, temporary: false });

    tx = await options.delivery.start({ sender, declaredSize: options.declaredSize ?? null, client: localClient(sessionId) });
    const senderVerdict = await tx.acceptSender();
    if (!senderVerdict.ok) {
      const { reason, temporary } = describe(senderVerdict.kind, senderVerdict.detail);
      return fail(temporary ? 'temporary' : 'permanent', `the sender <${sender}> was refused: ${reason}`);
    }
    const accepted: string[] = [];
    for (const address of recipients) {
      const verdict = await tx.addRecipient(address);
      if (verdict.ok) accepted.push(address);
      else refused.push({ address, ...describe(verdict.kind, verdict.detail) });
    }
    if (accepted.length === 0) return fail(refused.some((r) => r.temporary) ? 'temporary' : 'permanent', 'every recipient was refused');

    await tx.writeBody(Buffer.from(localReceivedHeader({ hostname: options.hostname, origin: options.origin, id: sessionId, date: new Date(clock()) }), 'latin1'));
    await tx.writeBody(Buffer.concat(header.fields.filter((field) => !dropped.has(field)).map((field) => field.raw)));
    let size = header.size;
    for (let chunk: Buffer | undefined = header.rest; chunk !== undefined; ) {
      size += chunk.length;
      if (size > limits.maxMessageSize) return fail('permanent', `the message is larger than smtp.max_message_size (${limits.maxMessageSize} octets)`);
      if (chunk.length > 0) await tx.writeBody(chunk);
      const next = await input.next();
      chunk = next.done === true ? undefined : next.value;
    }

    const committed = await tx.commit();
    tx = null;
    if (!committed.ok) {
      const { reason, temporary } = describe(committed.kind, committed.detail);
      return fail(temporary ? 'temporary' : 'permanent', `the message was refused: ${reason}`);
    }
    return { status: 'delivered', sessionId, messageId: committed.result.messageId, sender, accepted, refused };
  } catch (err) {
    options.logger.error({ err, session: sessionId }, 'local submission failed');
    return fail('temporary', `delivery failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    try {
      if (tx !== null) await tx.abort();
      await input.return(undefined);
    } catch (err) {
      options.logger.error({ err, session: sessionId }, 'closing a local submission failed');
    }
  }
}
