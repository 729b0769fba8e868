// One mail transaction (RFC 5321 §3.3): from an accepted MAIL to the final reply of DATA or BDAT
// LAST, or its abort. It wraps the DeliveryTransaction with what SMTP adds: the recipient limit and
// duplicates, the size limit while the body streams, and the one log line per transaction.
//
// Body writes never throw out of here: a failed write is remembered, the transaction is aborted and
// the rest of the body is read and dropped, so the session stays in step with the client; finish()
// then throws the remembered error, which the dispatcher turns into 451 4.3.0 and a logged stack.
import type { DeliveryTarget, DeliveryTransaction, Envelope, RecipientDsn, RejectKind } from '../delivery/types.ts';
import type { Logger } from '../log/index.ts';
import * as replies from './replies.ts';
import type { SmtpReply } from './replies.ts';

export interface TransactionLimits {
  maxMessageSize: number;
  maxRecipients: number;
}

/** How a transaction ended, in its log line. */
type Outcome = 'queued' | 'rejected' | 'too-big' | 'failed' | 'aborted';

export class MailTransaction {
  readonly id: string;
  readonly envelope: Envelope;
  /** MAIL carried SMTPUTF8 (RFC 6531 §3.4): non-ASCII recipients are allowed. */
  readonly smtputf8: boolean;
  readonly #delivery: DeliveryTransaction;
  readonly #limits: TransactionLimits;
  readonly #logger: Logger;
  readonly #recipients: string[] = [];
  readonly #recipientKeys = new Set<string>();
  #attempts = 0;
  #bodyOctets = 0;
  #writeFailure: unknown = null;
  #ended = false;

  private constructor(id: string, envelope: Envelope, smtputf8: boolean, delivery: DeliveryTransaction, limits: TransactionLimits, logger: Logger) {
    this.id = id;
    this.envelope = envelope;
    this.smtputf8 = smtputf8;
    this.#delivery = delivery;
    this.#limits = limits;
    this.#logger = logger;
  }

  /** The transaction, or the verdict that refused its sender (nothing is left open then). */
  static async start(
    target: DeliveryTarget,
    opts: { id: string; envelope: Envelope; smtputf8: boolean; limits: TransactionLimits; logger: Logger },
  ): Promise<MailTransaction | { refused: RejectKind }> {
    const delivery = await target.start(opts.envelope);
    const verdict = await delivery.acceptSender();
    if (!verdict.ok) {
      await delivery.abort();
      opts.logger.info({ tx: opts.id, sender: opts.envelope.sender, verdict: verdict.kind }, 'sender refused');
      return { refused: verdict.kind };
    }
    return new MailTransaction(opts.id, opts.envelope, opts.smtputf8, delivery, opts.limits, opts.logger);
  }

  /** Accepted recipients, in order, each once. */
  get recipients(): readonly string[] {
    return this.#recipients;
  }

  /** RCPT commands seen, accepted or not: DATA without any is 503, with all refused 554 (RFC 5321 §3.3). */
  get recipientAttempts(): number {
    return this.#attempts;
  }

  /**
   * A recipient already accepted is accepted again without a second addRecipient, so it gets one
   * copy. Addresses compare case-insensitively, as delivery resolves them. The limit counts distinct
   * accepted recipients (RFC 5321 §4.5.3.1.8 asks for at least 100). `dsn` carries the RCPT's
   * NOTIFY and ORCPT (RFC 3461 §4.1–4.2); for a repeated recipient the first RCPT's stand.
   */
  async addRecipient(address: string, dsn?: RecipientDsn): Promise<SmtpReply> {
    this.#attempts++;
    const key = address.toLowerCase();
    if (this.#recipientKeys.has(key)) return replies.recipientOk;
    if (this.#recipients.length >= this.#limits.maxRecipients) return replies.tooManyRecipients;
    const verdict = await this.#delivery.addRecipient(address, dsn);
    if (!verdict.ok) {
      this.#logger.info({ tx: this.id, recipient: address, verdict: verdict.kind, detail: verdict.detail }, 'recipient refused');
      return replies.recipientRefused(verdict.kind, address);
    }
    this.#recipients.push(address);
    this.#recipientKeys.add(key);
    return replies.recipientOk;
  }

  /** Our trace header, written ahead of the message; not counted against the size limit. */
  async writeTraceHeader(header: string): Promise<void> {
    await this.#write(Buffer.from(header, 'utf8'));
  }

  /** Decoded message bytes, written in one call. Past `maxMessageSize` they are counted and dropped. */
  async appendBody(pieces: readonly Buffer[]): Promise<void> {
    let length = 0;
    for (const piece of pieces) length += piece.length;
    if (length === 0) return;
    this.#bodyOctets += length;
    if (this.oversized) return;
    await this.#write(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, length));
  }

  get oversized(): boolean {
    return this.#bodyOctets > this.#limits.maxMessageSize;
  }

  /** Commits (or, when too big, aborts) and returns the final reply for DATA / BDAT LAST. */
  async finish(): Promise<SmtpReply> {
    if (this.#writeFailure !== null) {
      await this.abort('failed');
      throw this.#writeFailure;
    }
    if (this.oversized) {
      await this.abort('too-big');
      return replies.messageTooBig;
    }
    this.#ended = true;
    let result: Awaited<ReturnType<DeliveryTransaction['commit']>>;
    try {
      result = await this.#delivery.commit();
    } catch (err) {
      this.#log('failed', {});
      await this.#delivery.abort().catch((abortError: unknown) => this.#logger.error({ tx: this.id, err: abortError }, 'abort after a failed commit failed'));
      throw err;
    }
    if (!result.ok) {
      this.#log('rejected', { verdict: result.kind, detail: result.detail });
      return replies.rejection[result.kind];
    }
    this.#log('queued', { messageId: result.result.messageId });
    return replies.queued(result.result.messageId);
  }

  /** Drops the transaction (RSET, a new EHLO, a refused chunk, a lost connection). Safe to repeat. */
  async abort(outcome: Exclude<Outcome, 'queued' | 'rejected'> = 'aborted'): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#log(outcome, {});
    await this.#delivery.abort();
  }

  async #write(chunk: Buffer): Promise<void> {
    if (this.#writeFailure !== null) return;
    try {
      await this.#delivery.writeBody(chunk);
    } catch (err) {
      this.#writeFailure = err;
    }
  }

  #log(outcome: Outcome, extra: Record<string, unknown>): void {
    this.#logger.info(
      {
        tx: this.id,
        sender: this.envelope.sender,
        recipients: this.#recipients,
        size: this.#bodyOctets,
        outcome,
        ...extra,
      },
      'transaction',
    );
  }
}
