// An in-memory DeliveryTarget for protocol tests: records every transaction (envelope, recipients with
// their DSN parameters, body bytes, how it ended) and can be told to refuse recipients, refuse or fail the
// commit, or fail a body write. Tests await `settled()` instead of sleeping.
import type { CommitResult, DeliveryTarget, DeliveryTransaction, Envelope, RecipientDsn, RejectKind, Verdict } from '../../src/delivery/types.ts';

export type FakeOutcome = 'committed' | 'rejected' | 'aborted';

export class FakeTransaction implements DeliveryTransaction {
  readonly envelope: Envelope;
  readonly recipients: string[] = [];
  /** The RFC 3461 parameters each accepted recipient came with, parallel to `recipients` (null: none). */
  readonly recipientDsn: Array<RecipientDsn | null> = [];
  readonly chunks: Buffer[] = [];
  outcome: FakeOutcome | null = null;
  abortCalls = 0;
  readonly #target: FakeDelivery;
  readonly #settled: Promise<FakeOutcome>;
  #settle: (outcome: FakeOutcome) => void = () => {};

  constructor(target: FakeDelivery, envelope: Envelope) {
    this.#target = target;
    this.envelope = envelope;
    this.#settled = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  /** The bytes written so far, as delivery would store them. */
  get body(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Resolves when the transaction is committed, rejected at commit, or aborted. */
  settled(): Promise<FakeOutcome> {
    return this.#settled;
  }

  async addRecipient(address: string, dsn?: RecipientDsn): Promise<Verdict> {
    const kind = this.#target.refusals.get(address.toLowerCase());
    if (kind) return { ok: false, kind };
    this.recipients.push(address);
    this.recipientDsn.push(dsn ?? null);
    return { ok: true };
  }

  async acceptSender(): Promise<Verdict> {
    const kind = this.#target.senderRefusals.get(this.envelope.sender.toLowerCase());
    return kind === undefined ? { ok: true } : { ok: false, kind };
  }

  async writeBody(chunk: Buffer): Promise<void> {
    if (this.outcome !== null) throw new Error(`writeBody after ${this.outcome}`);
    if (this.#target.failWrites) throw new Error('fake write failure');
    await this.#target.beforeWrite?.();
    this.chunks.push(Buffer.from(chunk));
  }

  async commit(): Promise<{ ok: true; result: CommitResult } | { ok: false; kind: RejectKind; detail?: string }> {
    if (this.outcome !== null) throw new Error(`commit after ${this.outcome}`);
    const plan = this.#target.commitPlan;
    if (plan.kind === 'throw') throw new Error('fake commit failure');
    if (plan.kind === 'reject') {
      this.#finish('rejected');
      return { ok: false, kind: plan.reject };
    }
    const messageId = this.#target.nextMessageId++;
    this.#target.messages.push(this);
    this.#finish('committed');
    return { ok: true, result: { messageId, localRecipients: this.recipients.length, remoteRecipients: 0 } };
  }

  async abort(): Promise<void> {
    this.abortCalls++;
    if (this.outcome === null) this.#finish('aborted');
  }

  #finish(outcome: FakeOutcome): void {
    this.outcome = outcome;
    this.#settle(outcome);
  }
}

type CommitPlan = { kind: 'accept' } | { kind: 'reject'; reject: RejectKind } | { kind: 'throw' };

export class FakeDelivery implements DeliveryTarget {
  readonly transactions: FakeTransaction[] = [];
  /** Committed transactions, in commit order. */
  readonly messages: FakeTransaction[] = [];
  /** Lowercased address → the verdict kind its RCPT gets. */
  readonly refusals = new Map<string, RejectKind>();
  /** Lowercased envelope sender → the verdict kind its MAIL gets. */
  readonly senderRefusals = new Map<string, RejectKind>();
  commitPlan: CommitPlan = { kind: 'accept' };
  failWrites = false;
  /** Awaited before each body write: a slow disk. */
  beforeWrite: (() => Promise<void>) | null = null;
  nextMessageId = 1;
  readonly #started: Array<(tx: FakeTransaction) => void> = [];

  refuse(address: string, kind: RejectKind): this {
    this.refusals.set(address.toLowerCase(), kind);
    return this;
  }

  async start(envelope: Envelope): Promise<FakeTransaction> {
    const tx = new FakeTransaction(this, envelope);
    this.transactions.push(tx);
    for (const notify of this.#started.splice(0)) notify(tx);
    return tx;
  }

  /** The n-th transaction (0-based), once it has started. */
  transaction(index: number): Promise<FakeTransaction> {
    const existing = this.transactions[index];
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve) => {
      const check = (): void => {
        const tx = this.transactions[index];
        if (tx) resolve(tx);
        else this.#started.push(check);
      };
      this.#started.push(check);
    });
  }
}
