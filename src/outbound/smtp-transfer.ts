// Delivers one message to one destination over SMTP and says what became of each recipient: the
// client side of outbound delivery, called by the queue with what routing decided.
//
// Flow: take a connection lease for the destination (connection-cache.ts: reuse an idle session after
// RSET, or open a new one within the per-destination limit); open a session on the candidates'
// addresses in order (RFC 5321 §5.1), moving on after anything that happens before the first mail
// command (refused or timed-out connection, 4xx/5xx greeting, EHLO or AUTH failure, TLS failure; an
// opportunistic STARTTLS handshake failure first retries the same address in plain text); then check
// what the server must offer (SMTPUTF8, RFC 6531 §3.2 → 5.6.7; SIZE, RFC 1870 → 5.3.4); then send all
// recipients in one transaction (more only when the server limits recipients, RFC 9422 RCPTMAX or
// "452 4.5.3"), and give the session back for reuse.
//
// The first server that answers the transaction decides it: its 4xx replies are temporary results for
// the queue to retry (the next attempt walks the candidates from the top again), its 5xx permanent.
// Nothing here logs message content or credentials; every line carries the delivery id.
import { ConnectionCache, type ConnectionLease } from './connection-cache.ts';
import { SmtpClientError } from './smtp-client.ts';
import { formatReply } from './smtp-reply.ts';
import { isSafePath, needsSmtpUtf8, transactionParameters } from './smtp-params.ts';
import { openSession, type SessionFailure, type SessionPolicy, type SmtpSession } from './smtp-session.ts';
import { runTransaction, type BatchRecipient } from './smtp-transaction.ts';
import { describeServer, localResult } from './transfer-outcome.ts';
import { resolveTransferOptions, type ResolvedTransferOptions, type TransferOptions } from './transfer-options.ts';
import type { ConnectionAttempt, OutboundMessage, RecipientResult, TransferDestination, TransferResult } from './transfer-types.ts';
import type { Logger } from '../log/index.ts';

export interface SmtpTransfer {
  /** Never throws for delivery problems: every outcome is in the result. */
  deliver(destination: TransferDestination, message: OutboundMessage): Promise<TransferResult>;
  /** Quits idle cached connections; deliveries still running finish, later ones are deferred (4.4.5). */
  close(): void;
}

export function createSmtpTransfer(options: TransferOptions): SmtpTransfer {
  const settings = resolveTransferOptions(options);
  const cache = new ConnectionCache<SmtpSession>(settings.connections);
  return {
    deliver: (destination, message) => deliver(destination, message, settings, cache),
    close: () => cache.close(),
  };
}

async function deliver(destination: TransferDestination, message: OutboundMessage, settings: ResolvedTransferOptions, cache: ConnectionCache<SmtpSession>): Promise<TransferResult> {
  const logger = settings.logger.child({ delivery: message.id, destination: destination.key });
  const results: Array<RecipientResult | undefined> = message.recipients.map(() => undefined);
  const result = (attempts: ConnectionAttempt[], session: SmtpSession | null, reused: boolean): TransferResult => ({
    recipients: results.map((entry, index) => entry ?? localResult(message.recipients[index]!.address, 'temporary', '4.3.0', 'not attempted')),
    server: session ? { ...session.server } : null,
    tls: session ? session.tls : null,
    dsn: session ? session.extensions.dsn : false,
    reusedConnection: reused,
    attempts,
  });

  const pending = pathCheck(message, results);
  if (pending.length === 0) return result([], null, false);
  const policy = policyOf(destination);
  const lease = await cache.acquire(destination.key, compatKey(policy));
  if (!lease) {
    decide(results, pending, (address) => localResult(address, 'temporary', '4.4.5', `no connection slot for ${destination.key} (connection limit reached or shutting down)`));
    return result([], null, false);
  }
  const attempts: ConnectionAttempt[] = [];
  let session: SmtpSession | null = null;
  let reused = false;
  try {
    session = await reuse(lease, settings, logger);
    reused = session !== null;
    if (!session) {
      const opening = await connectFirst(destination, policy, settings, attempts, logger);
      if (!opening.ok) {
        const { failure } = opening;
        decide(results, pending, (address) => localResult(address, 'temporary', failure.status, failure.detail, failure.reply));
        logger.warn({ status: failure.status, detail: failure.detail, attempts: attempts.length }, 'no server reachable, delivery deferred');
        return result(attempts, null, false);
      }
      session = opening.session;
    }
    await transfer(session, message, pending, results, settings, logger);
    logOutcome(logger, session, reused, results);
    return result(attempts, session, reused);
  } finally {
    lease.release(session, session?.usable ?? false);
  }
}

/** Paths that could break the command line are refused before any connection (RFC 5321 §4.1.2). */
function pathCheck(message: OutboundMessage, results: Array<RecipientResult | undefined>): BatchRecipient[] {
  const all = message.recipients.map((recipient, index) => ({ index, recipient }));
  if (!isSafePath(message.sender)) {
    decide(results, all, (address) => localResult(address, 'permanent', '5.1.7', `bad sender address syntax: ${JSON.stringify(message.sender)}`));
    return [];
  }
  const pending: BatchRecipient[] = [];
  for (const entry of all) {
    if (isSafePath(entry.recipient.address) && entry.recipient.address.includes('@')) pending.push(entry);
    else results[entry.index] = localResult(entry.recipient.address, 'permanent', '5.1.3', `bad recipient address syntax: ${JSON.stringify(entry.recipient.address)}`);
  }
  return pending;
}

function policyOf(destination: TransferDestination): SessionPolicy {
  return {
    tls: destination.tls ?? 'opportunistic',
    verifyCertificate: destination.verifyCertificate ?? true,
    auth: destination.auth ?? null,
    allowPlaintextAuth: destination.allowPlaintextAuth ?? false,
  };
}

/** Sessions are shared only between deliveries with the same TLS and AUTH policy. */
function compatKey(policy: SessionPolicy): string {
  return JSON.stringify([policy.tls, policy.verifyCertificate, policy.auth?.username ?? null, policy.allowPlaintextAuth]);
}

/** A cached session, checked with RSET (RFC 5321 §4.1.1.5); a dead one is closed and null returned. */
async function reuse(lease: ConnectionLease<SmtpSession>, settings: ResolvedTransferOptions, logger: Logger): Promise<SmtpSession | null> {
  const session = lease.connection;
  if (!session) return null;
  try {
    const reply = await session.client.command('RSET', settings.timeouts.commandMs);
    if (reply.code === 250) {
      session.dirty = false;
      return session;
    }
    logger.info({ conn: session.id, server: describeServer(session.server), reply: formatReply(reply) }, 'cached session refused RSET');
  } catch (error) {
    if (!(error instanceof SmtpClientError)) throw error;
    logger.debug({ conn: session.id, server: describeServer(session.server), err: error.message }, 'cached session was closed');
  }
  session.close();
  return null;
}

async function connectFirst(
  destination: TransferDestination,
  policy: SessionPolicy,
  settings: ResolvedTransferOptions,
  attempts: ConnectionAttempt[],
  logger: Logger,
): Promise<{ ok: true; session: SmtpSession } | { ok: false; failure: SessionFailure }> {
  let failure: SessionFailure = { status: '4.4.4', detail: `no address to deliver to for ${destination.key}`, reply: null, retryWithoutTls: false };
  let tried = 0;
  for (const candidate of destination.candidates) {
    for (const address of candidate.addresses) {
      if (tried >= settings.maxAddresses) return { ok: false, failure };
      tried++;
      const server = { host: candidate.host, address, port: candidate.port };
      let opening = await openSession(server, policy, settings);
      if (!opening.ok && opening.failure.retryWithoutTls) {
        record(attempts, server, opening.failure, false, logger);
        opening = await openSession(server, policy, settings, true);
        if (opening.ok) attempts.push({ ...server, result: 'session', withoutTls: true });
        else record(attempts, server, opening.failure, true, logger);
      } else if (opening.ok) attempts.push({ ...server, result: 'session' });
      else record(attempts, server, opening.failure, false, logger);
      if (opening.ok) return opening;
      failure = opening.failure;
    }
  }
  return { ok: false, failure };
}

function record(attempts: ConnectionAttempt[], server: { host: string; address: string; port: number }, failure: SessionFailure, withoutTls: boolean, logger: Logger): void {
  attempts.push({
    ...server,
    result: 'failed',
    ...(withoutTls ? { withoutTls } : {}),
    status: failure.status,
    detail: failure.detail,
    ...(failure.reply ? { reply: failure.reply } : {}),
  });
  logger.warn({ server: describeServer(server), status: failure.status, detail: failure.detail }, 'connection attempt failed');
}

/** What the server must offer, then the transactions (several only when the server limits recipients). */
async function transfer(
  session: SmtpSession,
  message: OutboundMessage,
  pending: readonly BatchRecipient[],
  results: Array<RecipientResult | undefined>,
  settings: ResolvedTransferOptions,
  logger: Logger,
): Promise<void> {
  const server = describeServer(session.server);
  const { extensions } = session;
  if (needsSmtpUtf8(message) && !extensions.smtpUtf8) {
    // RFC 6531 §3.2: an SMTPUTF8 message must not go to a server that does not offer it; no downgrade.
    decide(results, pending, (address) => localResult(address, 'permanent', '5.6.7', `SMTPUTF8 is required, but was not offered by host ${server}`));
    return;
  }
  if (extensions.size && message.size !== undefined && message.size > extensions.size) {
    decide(results, pending, (address) => localResult(address, 'permanent', '5.3.4', `message size ${message.size} exceeds size limit ${extensions.size} of server ${server}`));
    return;
  }
  const params = transactionParameters(message, extensions);
  const limit = extensions.rcptMax ?? Number.POSITIVE_INFINITY;
  let queue = [...pending];
  while (queue.length > 0) {
    if (!session.usable) {
      decide(results, queue, (address) => localResult(address, 'temporary', '4.4.2', `lost connection with ${server} before all recipients were sent`));
      return;
    }
    const batch = queue.slice(0, limit);
    const outcome = await runTransaction(session, message, batch, params, settings.timeouts, logger.child({ conn: session.id }));
    for (const { index, result } of outcome.decided) results[index] = result;
    queue = [...outcome.carryOver, ...queue.slice(batch.length)];
  }
}

function decide(results: Array<RecipientResult | undefined>, recipients: readonly BatchRecipient[], result: (address: string) => RecipientResult): void {
  for (const { index, recipient } of recipients) results[index] = result(recipient.address);
}

function logOutcome(logger: Logger, session: SmtpSession, reused: boolean, results: ReadonlyArray<RecipientResult | undefined>): void {
  const count = (outcome: string): number => results.filter((entry) => entry?.outcome === outcome).length;
  logger.info(
    {
      conn: session.id,
      server: describeServer(session.server),
      tls: session.tls.tls ? `${session.tls.protocol} ${session.tls.cipher}` : false,
      verified: session.tls.verified,
      reused,
      delivered: count('delivered'),
      temporary: count('temporary'),
      permanent: count('permanent'),
    },
    'delivery attempt finished',
  );
}
