// Opens a session with one address of one candidate, ready for mail: connect, greeting, EHLO (HELO when
// EHLO is refused), STARTTLS per the destination's TLS mode, AUTH when configured.
//
// TLS modes (DESIGN.md `tls`):
// - none: never STARTTLS.
// - opportunistic (RFC 7435): STARTTLS when offered, the certificate checked and recorded but not
//   enforced; no STARTTLS offered → plain text; STARTTLS refused by a reply → plain text on the same
//   connection (RFC 3207 §4.1); the handshake itself failing → `retryWithoutTls`, the caller reconnects
//   to the same address without STARTTLS, as Postfix does (smtp_connect.c, "tls_retry_plain").
// - required: STARTTLS must be offered and succeed, and the certificate must verify unless
//   verifyCertificate is false (smart hosts on 587).
// - implicit (RFC 8314 §3): TLS from the first byte (465), verified like `required`.
// Always TLS 1.2 or later; SNI is the candidate's host name (RFC 6066 §3: never an IP literal).
//
// Every failure here is temporary and means "try the next address": a 5xx greeting or EHLO counts as
// 4xx (Postfix smtp_skip_5xx_greeting), so does a failed AUTH (Postfix smtp_sasl_auth_soft_bounce): one
// broken or misconfigured host must not bounce mail that another host, or a later try, would take.
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../log/index.ts';
import type { PooledConnection } from './connection-cache.ts';
import { authenticate } from './smtp-auth.ts';
import { SmtpClient, SmtpClientError } from './smtp-client.ts';
import { NO_EXTENSIONS, parseEhloReply, type ServerExtensions } from './smtp-extensions.ts';
import { formatReply, type ClientReply } from './smtp-reply.ts';
import { describeServer, remoteReply, saidDetail, softened, statusOf, type ServerIdentity } from './transfer-outcome.ts';
import type { ResolvedTransferOptions } from './transfer-options.ts';
import type { RemoteReply, SmtpStep, TlsRecord, TransferAuth } from './transfer-types.ts';
import type { OutboundTls } from './types.ts';

export interface SessionPolicy {
  tls: OutboundTls;
  verifyCertificate: boolean;
  auth: TransferAuth | null;
  allowPlaintextAuth: boolean;
}

export interface SmtpSession extends PooledConnection {
  /** Connection id in every log line of this connection ("c12"), also on the delivery lines that use it. */
  readonly id: string;
  readonly server: ServerIdentity;
  readonly client: SmtpClient;
  readonly extensions: ServerExtensions;
  readonly tls: TlsRecord;
  /** A transaction was left open (no final DATA reply): RSET before the next MAIL (RFC 5321 §4.1.1.5). */
  dirty: boolean;
}

export interface SessionFailure {
  status: string;
  detail: string;
  reply: RemoteReply | null;
  /** An opportunistic STARTTLS handshake failed: the same address may be tried again without TLS. */
  retryWithoutTls: boolean;
}

export type SessionOpening = { ok: true; session: SmtpSession } | { ok: false; failure: SessionFailure };

class SetupFailed extends Error {
  readonly failure: SessionFailure;
  constructor(failure: SessionFailure) {
    super(failure.detail);
    this.failure = failure;
  }
}

let connections = 0;

export async function openSession(server: ServerIdentity, policy: SessionPolicy, settings: ResolvedTransferOptions, withoutTls = false): Promise<SessionOpening> {
  const id = `c${++connections}`;
  const logger = settings.logger.child({ conn: id, server: describeServer(server) });
  const tlsOptions = clientTlsOptions(server, settings);
  const localAddress = net.isIPv6(server.address) ? settings.localAddress.ipv6 : settings.localAddress.ipv4;
  let client: SmtpClient;
  try {
    client = await SmtpClient.connect({
      address: server.address,
      port: server.port,
      timeoutMs: settings.timeouts.connectMs,
      logger,
      ...(localAddress ? { localAddress } : {}),
      ...(policy.tls === 'implicit' ? { tls: tlsOptions } : {}),
    });
  } catch (error) {
    const tlsFailed = error instanceof SmtpClientError && error.kind === 'tls';
    const status = tlsFailed ? '4.7.5' : '4.4.1';
    const what = tlsFailed ? 'TLS handshake with' : 'connect to';
    return { ok: false, failure: { status, detail: `${what} ${describeServer(server)} failed: ${messageOf(error)}`, reply: null, retryWithoutTls: false } };
  }
  let step: SmtpStep = 'greeting';
  try {
    const greeting = await client.readReply(settings.timeouts.greetingMs);
    if (greeting.code !== 220) refuse(server, greeting, step);
    if (policy.tls === 'implicit') checkVerified(client, server, policy);
    step = 'EHLO';
    let extensions = await hello(client, server, settings);
    if (!client.secure && policy.tls !== 'none' && !withoutTls && (extensions.starttls || policy.tls === 'required')) {
      step = 'STARTTLS';
      extensions = await startTls(client, server, policy, settings, extensions, logger);
    }
    if (policy.auth) {
      step = 'AUTH';
      await login(client, server, policy, policy.auth, extensions, settings);
    }
    const info = client.tlsInfo();
    const record: TlsRecord = info
      ? { tls: true, protocol: info.protocol, cipher: info.cipher, verified: info.authorized, ...(info.authorizationError ? { verifyError: info.authorizationError } : {}) }
      : { tls: false, protocol: null, cipher: null, verified: false };
    const session: SmtpSession = {
      id,
      server,
      client,
      extensions,
      tls: record,
      dirty: false,
      get usable() {
        return client.usable;
      },
      close: () => client.close(),
    };
    return { ok: true, session };
  } catch (error) {
    client.close();
    if (error instanceof SetupFailed) return { ok: false, failure: error.failure };
    const retryWithoutTls = policy.tls === 'opportunistic' && step === 'STARTTLS';
    return { ok: false, failure: { status: error instanceof SmtpClientError && error.kind === 'tls' ? '4.7.5' : '4.4.2', detail: lostDetail(error, server, step), reply: null, retryWithoutTls } };
  }
}

/** EHLO, or HELO when EHLO gets a 5xx (RFC 5321 §3.2); HELO sessions offer no extensions. */
async function hello(client: SmtpClient, server: ServerIdentity, settings: ResolvedTransferOptions): Promise<ServerExtensions> {
  const ehlo = await client.command(`EHLO ${settings.ehloName}`, settings.timeouts.commandMs);
  if (ehlo.code === 250) return parseEhloReply(ehlo.lines);
  if (ehlo.code < 500 || ehlo.code >= 600) refuse(server, ehlo, 'EHLO');
  const helo = await client.command(`HELO ${settings.ehloName}`, settings.timeouts.commandMs);
  if (helo.code !== 250) refuse(server, helo, 'HELO');
  return NO_EXTENSIONS;
}

async function startTls(
  client: SmtpClient,
  server: ServerIdentity,
  policy: SessionPolicy,
  settings: ResolvedTransferOptions,
  plain: ServerExtensions,
  logger: Logger,
): Promise<ServerExtensions> {
  const required = policy.tls === 'required';
  if (!plain.starttls) fail('4.7.4', `TLS is required, but was not offered by host ${describeServer(server)}`);
  const reply = await client.command('STARTTLS', settings.timeouts.commandMs);
  if (reply.code !== 220) {
    if (required) refuse(server, reply, 'STARTTLS');
    // RFC 3207 §4.1: after a refused STARTTLS the session goes on in plain text with what EHLO said.
    logger.info({ reply: formatReply(reply) }, 'STARTTLS refused, continuing without TLS');
    return plain;
  }
  await client.startTls({ ...clientTlsOptions(server, settings), host: server.address }, settings.timeouts.commandMs);
  checkVerified(client, server, policy);
  // RFC 3207 §4.2: forget what was learnt before TLS and ask again.
  return hello(client, server, settings);
}

async function login(client: SmtpClient, server: ServerIdentity, policy: SessionPolicy, auth: TransferAuth, extensions: ServerExtensions, settings: ResolvedTransferOptions): Promise<void> {
  if (!client.secure && !policy.allowPlaintextAuth) {
    fail('4.7.4', `not sending credentials to ${describeServer(server)} over an unencrypted connection`);
  }
  const outcome = await authenticate(client, extensions.auth, auth, settings.timeouts.commandMs);
  if (outcome.ok) return;
  if (!outcome.reply) fail('4.7.0', `${outcome.reason} by host ${describeServer(server)}`);
  throw new SetupFailed({
    status: softened(statusOf(outcome.reply)),
    detail: `SASL authentication failed; ${saidDetail(outcome.reply, server, 'AUTH')}`,
    reply: remoteReply(outcome.reply, server, 'AUTH'),
    retryWithoutTls: false,
  });
}

/** required/implicit with verification: an unverified certificate ends the session before any mail command. */
function checkVerified(client: SmtpClient, server: ServerIdentity, policy: SessionPolicy): void {
  if (policy.tls === 'opportunistic' || !policy.verifyCertificate) return;
  const info = client.tlsInfo();
  if (info && !info.authorized) fail('4.7.5', `server certificate not verified for ${describeServer(server)}: ${info.authorizationError ?? 'unknown reason'}`);
}

/** A reply that ends the session set-up; 5xx counts as 4xx (see the module comment). */
function refuse(server: ServerIdentity, reply: ClientReply, step: SmtpStep): never {
  const detail = step === 'greeting' ? `host ${describeServer(server)} refused to talk to me: ${formatReply(reply)}` : saidDetail(reply, server, step);
  throw new SetupFailed({ status: softened(statusOf(reply)), detail, reply: remoteReply(reply, server, step), retryWithoutTls: false });
}

function fail(status: string, detail: string): never {
  throw new SetupFailed({ status, detail, reply: null, retryWithoutTls: false });
}

function clientTlsOptions(server: ServerIdentity, settings: ResolvedTransferOptions): tls.ConnectionOptions {
  const name = server.host.replace(/\.$/, '');
  return {
    minVersion: 'TLSv1.2',
    // Verification is checked by us after the handshake, so opportunistic TLS can record a failure
    // instead of dropping the connection; `required` and `implicit` enforce it in checkVerified.
    rejectUnauthorized: false,
    ...(net.isIP(name) === 0 ? { servername: name } : {}),
    ...(settings.ca ? { ca: [...tls.rootCertificates, ...[settings.ca].flat()] } : {}),
  };
}

function lostDetail(error: unknown, server: ServerIdentity, step: SmtpStep): string {
  const stage = step === 'greeting' ? 'receiving the initial server greeting' : `performing the ${step}`;
  if (error instanceof SmtpClientError) {
    if (error.kind === 'timeout') return `conversation with ${describeServer(server)} timed out while ${stage}`;
    if (error.kind === 'tls') return `TLS handshake with ${describeServer(server)} failed: ${error.message}`;
  }
  return `lost connection with ${describeServer(server)} while ${stage}: ${messageOf(error)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
