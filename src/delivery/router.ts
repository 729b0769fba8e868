// The router: the DeliveryTarget every front end hands messages to. Per transaction it resolves each
// recipient (local accounts with their quota, remote recipients for relaying clients, forwards of local
// aliases and accounts, bounces to SRS addresses), streams the body into one blob while analysing it
// (header scan, MIME structure, search text), and commits in one MailService.deliver: mailbox entries
// for the local accounts and queue entries for the remote recipients, durable before `ok`.
//
// Invariants:
// - Never an open relay: a remote recipient needs an authenticated client or one in `relay_networks`.
//   Two kinds of remote recipient are ours to send whoever the client is: the forwards of a local alias
//   or account (queued with the SRS-rewritten sender, so SPF holds at the next hop), and the original
//   sender behind an SRS address at a local domain whose signature verifies (how bounces to forwarded
//   mail come back, as with Postfix and postsrsd). An SRS address that does not verify is unknown.
// - A remote recipient given by the client keeps the envelope sender, even when a forward names it too.
// - One mailbox entry per distinct account, however many recipient addresses reach it.
// - Fail closed: a lookup or store error is a temporary failure, never an acceptance.
// - The blob is shared by every recipient (and the outbound queue); what differs per local recipient
//   (`Return-Path`, `Delivered-To`) is the entry's prefix.
// - A transaction that does not commit leaves no temporary file; a committed blob whose delivery failed
//   is an orphan that `check-store` collects.
import type { DeliveryResult, MailService } from '../mail/types.ts';
import { StoreOpError, type BlobWriter, type StoredBlob } from '../store/types.ts';
import type { Logger } from '../log/index.ts';
import { MessageAnalyser, type EnvelopeAddress } from '../mime/index.ts';
import { faultPoint } from '../util/fault.ts';
import { relayAddress } from './address.ts';
import { resolveRecipient, type Resolution, type ResolveOptions } from './resolve.ts';
import { mayUseSender } from './sender-identity.ts';
import { createSrsRewriting, DEFAULT_SRS_SETTINGS, type SrsRewriting, type SrsSettings } from './srs-rewriting.ts';
import { SubmissionHeaders } from './submission-headers.ts';
import type { CommitResult, DeliveryTarget, DeliveryTransaction, Envelope, RecipientDsn, RejectKind, Verdict } from './types.ts';

export interface RouterOptions {
  /** Our hostname: generated Message-IDs of submitted mail. */
  hostname: string;
  /** `delivery.plus_delimiter`: RFC 5233 sub-address delimiter, '' disables. */
  plusDelimiter: string;
  /** `delivery.max_alias_depth`. */
  maxAliasDepth: number;
  /** `smtp.max_received_headers`: more `Received` fields than this is a loop (RFC 5321 §6.3). */
  maxReceivedHeaders: number;
  /** `smtp.max_header_size`: largest header section in octets. */
  maxHeaderSize: number;
  /** `[srs]`: sender rewriting of forwarded mail; DEFAULT_SRS_SETTINGS (on, generated secret) when absent. */
  srs?: SrsSettings;
}

export interface RouterDeps {
  mail: MailService;
  options: RouterOptions;
  logger: Logger;
  /** ms since epoch; the message's internal date and the SRS day stamp. */
  clock?: () => number;
  /** Randomness for the generated SRS secret; node:crypto's by default. */
  randomBytes?: (size: number) => Buffer;
  /**
   * After a commit: the local recipients whose RCPT asked for NOTIFY=SUCCESS (RFC 3461 §5.2.2: a
   * "delivered" report on final delivery). Called only for a sender that is not null; never awaited.
   */
  onDelivered?: (report: LocalDeliveryReport) => void;
}

/** What a "delivered" DSN about local recipients needs (RFC 3461 §5.2.2). */
export interface LocalDeliveryReport {
  sender: string;
  envid: string | null;
  ret: 'FULL' | 'HDRS' | null;
  receivedAt: number;
  blobHash: string;
  recipients: Array<{ address: string; orcpt: { type: string; address: string } | null }>;
}

export interface Router extends DeliveryTarget {
  /** New options apply to transactions started afterwards. */
  reconfigure(options: RouterOptions): void;
}

type CommitOutcome = Awaited<ReturnType<DeliveryTransaction['commit']>>;

/** What every transaction of one router shares. */
interface TransactionContext {
  mail: MailService;
  options: RouterOptions;
  rewriting: SrsRewriting;
  logger: Logger;
  clock: () => number;
  onDelivered: RouterDeps['onDelivered'];
}

export function createRouter(deps: RouterDeps): Router {
  let options = deps.options;
  const clock = deps.clock ?? Date.now;
  // One per router: it caches the stored SRS secret for every transaction.
  const rewriting = createSrsRewriting({ directory: deps.mail, clock, ...(deps.randomBytes === undefined ? {} : { randomBytes: deps.randomBytes }) });
  return {
    async start(envelope) {
      const logger = deps.logger.child({ session: envelope.client.sessionId });
      return new RoutedTransaction({ mail: deps.mail, options, rewriting, logger, clock, onDelivered: deps.onDelivered }, envelope);
    },
    reconfigure(next) {
      options = next;
    },
  };
}

/** Header fields must not be split by a CR or LF smuggled in an address. */
function headerSafe(text: string): string {
  return text.replace(/[\r\n]/g, '');
}

function reject(kind: RejectKind, detail?: string): { ok: false; kind: RejectKind; detail?: string } {
  return detail === undefined ? { ok: false, kind } : { ok: false, kind, detail };
}

/** A queued recipient: `forwarder` (and `sender`, when SRS rewrote it) for a forward. */
interface RemoteRecipient {
  dsn: RecipientDsn | undefined;
  sender?: string;
  forwarder?: string;
}

class RoutedTransaction implements DeliveryTransaction {
  readonly #mail: MailService;
  readonly #options: RouterOptions;
  readonly #rewriting: SrsRewriting;
  readonly #logger: Logger;
  readonly #clock: () => number;
  readonly #envelope: Envelope;
  /** Local accounts by id, with the address their `Delivered-To` names. */
  readonly #local = new Map<number, string>();
  /** RCPT addresses delivered locally that asked for NOTIFY=SUCCESS, each once. */
  readonly #successNotices = new Map<string, { type: string; address: string } | null>();
  /** Remote recipients as they will be relayed, each once. */
  readonly #remote = new Map<string, RemoteRecipient>();
  readonly #analyser: MessageAnalyser;
  /** Submitted mail (authenticated or from a relay network) gets its header section fixed. */
  readonly #submission: SubmissionHeaders | null;
  readonly #onDelivered: RouterDeps['onDelivered'];
  #blob: BlobWriter | null = null;
  #writeError: unknown = null;
  #finished = false;

  constructor(context: TransactionContext, envelope: Envelope) {
    const { mail, options, clock } = context;
    this.#mail = mail;
    this.#options = options;
    this.#rewriting = context.rewriting;
    this.#logger = context.logger;
    this.#clock = clock;
    this.#onDelivered = context.onDelivered;
    this.#envelope = envelope;
    this.#analyser = new MessageAnalyser({ maxHeaderSize: options.maxHeaderSize });
    const { client } = envelope;
    this.#submission =
      client.authenticatedAs !== null || client.inRelayNetwork || client.local
        ? new SubmissionHeaders({ hostname: options.hostname, sender: envelope.sender, maxHeaderSize: options.maxHeaderSize, now: () => new Date(clock()) })
        : null;
  }

  get #resolveOptions(): ResolveOptions {
    return { plusDelimiter: this.#options.plusDelimiter, maxAliasDepth: this.#options.maxAliasDepth, logger: this.#logger };
  }

  async acceptSender(): Promise<Verdict> {
    try {
      return (await this.#mayUse(this.#envelope.sender)) ? { ok: true } : reject('sender-not-owned');
    } catch (err) {
      this.#logger.error({ err }, 'sender identity lookup failed');
      return reject('temporary-failure');
    }
  }

  /** Whether the authenticated account may use the address; true for clients that did not authenticate. */
  async #mayUse(address: string): Promise<boolean> {
    const user = this.#envelope.client.authenticatedAs;
    if (user === null) return true;
    const account = await this.#mail.findAccount(user);
    if (account === undefined) return false;
    const allowed = await mayUseSender(account, address, this.#mail, this.#resolveOptions);
    if (!allowed) this.#logger.info({ user, address, policy: account.senderPolicy }, 'sender address not owned');
    return allowed;
  }

  async addRecipient(address: string, dsn?: RecipientDsn): Promise<Verdict> {
    try {
      return await this.#addRecipient(address, dsn);
    } catch (err) {
      this.#logger.error({ err, recipient: address }, 'recipient lookup failed');
      return reject('temporary-failure');
    }
  }

  get #srs(): SrsSettings {
    return this.#options.srs ?? DEFAULT_SRS_SETTINGS;
  }

  async #addRecipient(address: string, dsn: RecipientDsn | undefined): Promise<Verdict> {
    const bounce = await this.#rewriting.reverseRecipient(address, this.#srs);
    if (bounce !== undefined) {
      if (!bounce.ok) {
        this.#logger.info({ recipient: address, failure: bounce.failure }, 'rejected: SRS address does not verify');
        return reject('unknown-recipient');
      }
      this.#logger.info({ recipient: address, original: bounce.address }, 'SRS address reversed');
      return this.#accept(bounce.address, await resolveRecipient(bounce.address, this.#mail, this.#resolveOptions), dsn, true);
    }
    return this.#accept(address, await resolveRecipient(address, this.#mail, this.#resolveOptions), dsn, false);
  }

  /** `anyClient`: a reversed SRS address, which any client may send to (it is a bounce coming back). */
  async #accept(address: string, resolution: Resolution, dsn: RecipientDsn | undefined, anyClient: boolean): Promise<Verdict> {
    switch (resolution.kind) {
      case 'unknown':
        return reject('unknown-recipient');
      case 'loop':
        return reject('alias-loop');
      case 'remote': {
        const { client } = this.#envelope;
        if (!anyClient && client.authenticatedAs === null && !client.inRelayNetwork && !client.local) return reject('relay-denied');
        const relayed = relayAddress(address);
        // The first RCPT of an address decides its notifications (a repeated RCPT adds nothing); it
        // replaces a forward to the same address, which would carry the SRS sender.
        const known = this.#remote.get(relayed);
        if (known === undefined || known.forwarder !== undefined) this.#remote.set(relayed, { dsn });
        return { ok: true };
      }
      case 'local': {
        const stored = resolution.accounts.filter((account) => account.stored);
        for (const { address: accountAddress } of stored) {
          const full = await this.#overQuota(accountAddress);
          if (full) return reject('over-quota', accountAddress);
        }
        // Every await comes before the first change, so a failed lookup leaves the transaction as it was.
        const forwards: Array<[string, RemoteRecipient]> = [];
        for (const { recipient, forwarder } of resolution.forwards) {
          if (this.#remote.has(recipient)) continue;
          const sender = await this.#rewriting.forwardSender(this.#envelope.sender, forwarder, this.#srs);
          forwards.push([recipient, sender === this.#envelope.sender ? { dsn, forwarder } : { dsn, sender, forwarder }]);
        }
        for (const account of stored) if (!this.#local.has(account.accountId)) this.#local.set(account.accountId, account.address);
        if (stored.length > 0 && dsn?.notify?.includes('SUCCESS') && !this.#successNotices.has(address)) this.#successNotices.set(address, dsn.orcpt);
        for (const [recipient, entry] of forwards) if (!this.#remote.has(recipient)) this.#remote.set(recipient, entry);
        return { ok: true };
      }
    }
  }

  /**
   * Checked at RCPT so the client learns early; `deliver` checks again in its transaction. Full means
   * no byte left, the declared SIZE (RFC 1870) not fitting, or no message left (RFC 9208 §5.2 MESSAGE).
   */
  async #overQuota(address: string): Promise<boolean> {
    const account = await this.#mail.findAccount(address);
    if (account === undefined) return false;
    if (account.quotaMessages !== null && account.messageCount >= account.quotaMessages) return true;
    if (account.quotaBytes === null) return false;
    const declared = this.#envelope.declaredSize ?? 0;
    return account.usedBytes >= account.quotaBytes || account.usedBytes + declared > account.quotaBytes;
  }

  async writeBody(chunk: Buffer): Promise<void> {
    if (this.#finished || this.#writeError !== null) return;
    for (const piece of this.#submission === null ? [chunk] : this.#submission.push(chunk)) await this.#writeStored(piece);
  }

  /** Bytes as stored: into the analyser and the blob. */
  async #writeStored(chunk: Buffer): Promise<void> {
    if (chunk.length === 0 || this.#writeError !== null) return;
    this.#analyser.push(chunk);
    try {
      this.#blob ??= this.#mail.blobs.createWriter();
      await this.#blob.write(chunk);
    } catch (err) {
      // Reported by commit as a temporary failure, so the session keeps reading the data it is sent.
      this.#writeError = err;
      this.#logger.error({ err }, 'writing the message body failed');
    }
  }

  async commit(): Promise<CommitOutcome> {
    if (this.#finished) throw new Error('delivery transaction already finished');
    for (const piece of this.#submission?.end() ?? []) await this.#writeStored(piece);
    if (this.#writeError !== null) return this.#fail('temporary-failure');
    if (this.#local.size === 0 && this.#remote.size === 0) {
      this.#logger.error('commit without recipients');
      return this.#fail('temporary-failure');
    }
    const { summary, searchText, headerText, headerScan: scan } = this.#analyser.end();
    if (scan.receivedCount > this.#options.maxReceivedHeaders) {
      this.#logger.info({ received: scan.receivedCount, max: this.#options.maxReceivedHeaders }, 'rejected: too many Received headers');
      return this.#fail('too-many-hops');
    }
    if (scan.exceeded) {
      this.#logger.info({ headerSize: scan.headerSize, max: this.#options.maxHeaderSize }, 'rejected: header section too large');
      return this.#fail('header-too-large');
    }
    try {
      if (!(await this.#fromAddressesAllowed(summary.envelope.from))) return this.#fail('from-not-owned');
    } catch (err) {
      this.#logger.error({ err }, 'sender identity lookup failed');
      return this.#fail('temporary-failure');
    }

    const blobWriter = (this.#blob ??= this.#mail.blobs.createWriter());
    this.#finished = true;
    let stored: StoredBlob;
    try {
      stored = await blobWriter.commit();
      this.#blob = null;
    } catch (err) {
      this.#logger.error({ err }, 'storing the message body failed');
      await this.#discardBlob();
      return reject('temporary-failure');
    }

    const sender = this.#envelope.sender;
    // RFC 5321 §4.4: Return-Path is added at final delivery, so it belongs to the local entries, not to
    // the blob that the outbound queue may relay.
    const returnPath = `Return-Path: <${headerSafe(sender)}>\r\n`;
    const local = [...this.#local].map(([accountId, address]) => ({
      accountId,
      prefix: `${returnPath}Delivered-To: ${headerSafe(address)}\r\n`,
    }));
    const remote = [...this.#remote].map(([recipient, { dsn, sender: entrySender }]) => ({
      recipient,
      ...(dsn === undefined ? {} : { dsn }),
      ...(entrySender === undefined ? {} : { sender: entrySender }),
    }));
    let result: DeliveryResult;
    try {
      const dsn = this.#envelope.dsn;
      const { client } = this.#envelope;
      const submitted = client.authenticatedAs !== null || client.inRelayNetwork || client.local;
      result = await this.#mail.deliver({ blob: stored, summary, searchText, headerText, receivedAt: this.#clock(), sender, local, remote, submitted, smtputf8: this.#envelope.smtputf8 === true, ...(dsn === undefined ? {} : { dsn }) });
    } catch (err) {
      if (err instanceof StoreOpError && err.code === 'over-quota') {
        this.#logger.info({ account: err.detail?.address }, 'rejected: over quota at delivery');
        return reject('over-quota', typeof err.detail?.address === 'string' ? err.detail.address : undefined);
      }
      this.#logger.error({ err }, 'delivery failed');
      return reject('temporary-failure');
    }
    faultPoint('db-committed');

    const committed: CommitResult = { messageId: result.messageId, localRecipients: local.length, remoteRecipients: remote.length };
    const forwarded = [...this.#remote].flatMap(([recipient, { forwarder, sender: srsSender }]) =>
      forwarder === undefined ? [] : [{ recipient, forwarder, sender: srsSender ?? sender }],
    );
    this.#logger.info(
      { messageId: result.messageId, sender, local: [...this.#local.values()], remote: [...this.#remote.keys()], ...(forwarded.length === 0 ? {} : { forwarded }), size: stored.size },
      'delivered',
    );
    this.#reportSuccess(stored.hash);
    return { ok: true, result: committed };
  }

  #reportSuccess(blobHash: string): void {
    const { sender, dsn } = this.#envelope;
    if (this.#successNotices.size === 0 || sender === '' || this.#onDelivered === undefined) return;
    this.#onDelivered({
      sender,
      envid: dsn?.envid ?? null,
      ret: dsn?.ret ?? null,
      receivedAt: this.#clock(),
      blobHash,
      recipients: [...this.#successNotices].map(([address, orcpt]) => ({ address, orcpt })),
    });
  }

  /** Every `From:` address must be the authenticated account's to use (group markers carry none). */
  async #fromAddressesAllowed(from: readonly EnvelopeAddress[] | null): Promise<boolean> {
    for (const { mailbox, host } of from ?? []) {
      if (mailbox === null || host === null) continue;
      if (!(await this.#mayUse(`${mailbox}@${host}`))) return false;
    }
    return true;
  }

  async abort(): Promise<void> {
    this.#finished = true;
    await this.#discardBlob();
  }

  async #fail(kind: RejectKind): Promise<CommitOutcome> {
    this.#finished = true;
    await this.#discardBlob();
    return reject(kind);
  }

  async #discardBlob(): Promise<void> {
    const blob = this.#blob;
    this.#blob = null;
    if (blob === null) return;
    try {
      await blob.abort();
    } catch (err) {
      this.#logger.error({ err }, 'removing the temporary message file failed');
    }
  }
}
