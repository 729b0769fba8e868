// One delivery attempt of one message to one recipient domain: route it (transport, smart host, MX),
// sign it (DKIM, when its domain has a key), hand it to the SMTP transfer with all of the domain's
// recipients in one transaction, and turn each recipient's result into a queue outcome. Never throws
// for a delivery problem: a failure to route, sign or connect is a result (temporary unless definite).
import { Readable } from 'node:stream';
import type { QueueAttempt, QueueEntry } from '../mail/index.ts';
import { createDkimSigner, resolveRoute, rewriteSender, scanMessage, transferDestination, type OutboundMessage, type RouteSettings, type SmtpTransfer, type TransferResult } from '../outbound/index.ts';
import type { Resolver } from '../dns/index.ts';
import type { Logger } from '../log/index.ts';
import type { BlobStore } from '../store/types.ts';
import type { DsnRecipient } from './dsn.ts';

export interface AttemptDeps {
  blobs: BlobStore;
  resolver: Resolver;
  routes: () => RouteSettings;
  transfer: SmtpTransfer;
  dkim: ReturnType<typeof createDkimSigner>;
  random: () => number;
  now: () => number;
  logger: Logger;
}

/** One entry's outcome: the attempt to record and, for a failure or delivery, its DSN recipient block. */
export interface EntryOutcome {
  entry: QueueEntry;
  attempt: QueueAttempt;
  dsn: DsnRecipient;
  /** The next hop did not offer DSN (RFC 3461 §6.2.2): a NOTIFY=SUCCESS gets a "relayed" report from us. */
  relayed: boolean;
}

/** `entries`: one message's entries for one recipient domain. */
export async function attemptDelivery(deps: AttemptDeps, domain: string, entries: readonly QueueEntry[]): Promise<EntryOutcome[]> {
  const first = entries[0]!;
  const route = await resolveRoute(domain, deps.routes(), { resolver: deps.resolver, random: deps.random });
  if (route.kind !== 'deliver') {
    const outcome = route.kind === 'permanent' ? 'failed' : 'deferred';
    const status = route.enhanced;
    const detail = `${route.code} ${route.enhanced} ${route.text}`;
    return entries.map((entry) => outcomeOf(entry, deps.now(), outcome, status, detail, null, null, { type: 'x-mailstead', text: detail }));
  }
  // A hop that accepts only its own account as sender gets it in the envelope and in From: (sender-rewrite.ts).
  const hop = route.via.kind === 'transport' ? route.via.route : route.via.kind === 'smart-host' ? route.via.hop : null;
  const rewrite = hop?.rewriteSender;
  // The null sender stays null (RFC 5321 §4.5.5): a bounce must never be bounced back.
  const sender = first.sender === '' || rewrite === undefined ? first.sender : rewrite;
  const source = (): Readable => (rewrite === undefined ? deps.blobs.open(first.blobHash) : Readable.from(rewriteSender(deps.blobs.open(first.blobHash), rewrite)));
  // Only mail a trusted client submitted is signed: our key must not vouch (DMARC-aligned, since a
  // forward's SRS sender is at our domain) for a From: someone on the internet wrote.
  let dkimHeader = Buffer.alloc(0);
  if (first.submitted) {
    try {
      const signed = await deps.dkim.sign(source(), { envelopeSender: sender });
      if (signed.kind === 'signed') dkimHeader = Buffer.from(signed.header, 'latin1');
      if (signed.kind === 'signed') deps.logger.debug({ messageId: first.messageId, d: signed.domain, s: signed.selector, aligned: signed.aligned }, 'DKIM signed');
      else deps.logger.debug({ messageId: first.messageId, reason: signed.reason }, 'not DKIM signed');
    } catch (err) {
      // A key that cannot be read must not send the message unsigned: try again later.
      deps.logger.error({ err, messageId: first.messageId }, 'DKIM signing failed');
      const detail = '451 4.3.0 DKIM signing failed';
      return entries.map((entry) => outcomeOf(entry, deps.now(), 'deferred', '4.3.0', detail, null, null, { type: 'x-mailstead', text: detail }));
    }
  }
  const scan = await scanMessage(source());
  const message: OutboundMessage = {
    id: `q${first.messageId}`,
    sender,
    recipients: entries.map((entry) => ({
      address: entry.recipient,
      ...(entry.notify === null ? {} : { notify: entry.notify }),
      ...(entry.orcpt === null ? {} : { orcpt: entry.orcpt }),
    })),
    size: first.size + dkimHeader.length,
    ...(first.ret === null ? {} : { ret: first.ret }),
    ...(first.envid === null ? {} : { envid: first.envid }),
    eightBit: scan.eightBit,
    // As Postfix: only mail that came with SMTPUTF8 needs it onward (RFC 6531 §3.2); 8-bit header bytes
    // of mail that came without it go on as they came. Non-ASCII addresses the transfer sees itself.
    smtpUtf8: first.smtputf8,
    open: () => Readable.from(withHeader(dkimHeader, source())),
  };
  const result = await deps.transfer.deliver(transferDestination(domain, route), message);
  return entries.map((entry, index) => fromTransfer(entry, result, index, deps.now()));
}

async function* withHeader(header: Buffer, body: Readable): AsyncGenerator<Buffer> {
  if (header.length > 0) yield header;
  for await (const chunk of body) yield chunk as Buffer;
}

function fromTransfer(entry: QueueEntry, result: TransferResult, index: number, now: number): EntryOutcome {
  const recipient = result.recipients[index]!;
  const outcome = recipient.outcome === 'delivered' ? 'delivered' : recipient.outcome === 'permanent' ? 'failed' : 'deferred';
  const server = result.server === null ? null : `${result.server.host}[${result.server.address}]:${result.server.port}`;
  const tls = result.tls?.tls ? { protocol: result.tls.protocol ?? '', cipher: result.tls.cipher ?? '', verified: result.tls.verified } : null;
  const diagnostic = recipient.reply === null ? { type: 'x-mailstead' as const, text: recipient.detail } : { type: 'smtp' as const, reply: recipient.reply };
  const built = outcomeOf(entry, now, outcome, recipient.status, recipient.detail, server, tls, diagnostic);
  if (result.server !== null) built.dsn.remoteMta = result.server.host;
  built.relayed = outcome === 'delivered' && !result.dsn;
  return built;
}

function outcomeOf(
  entry: QueueEntry,
  now: number,
  outcome: QueueAttempt['outcome'],
  status: string,
  detail: string,
  host: string | null,
  tls: QueueAttempt['tls'],
  diagnostic: NonNullable<DsnRecipient['diagnostic']>,
): EntryOutcome {
  return {
    entry,
    attempt: { attemptedAt: now, outcome, status, detail, host, tls },
    dsn: {
      finalRecipient: entry.recipient,
      ...(entry.orcpt === null ? {} : { originalRecipient: entry.orcpt }),
      action: outcome === 'delivered' ? 'delivered' : outcome === 'failed' ? 'failed' : 'delayed',
      status,
      diagnostic,
      lastAttemptDate: new Date(now),
    },
    relayed: false,
  };
}
