// The values the SMTP transfer takes and gives back: one destination's candidates and policy, one message
// with its recipients, and a result per recipient that the queue stores in its attempt log and turns into
// retries or bounces. Plain data only (no sockets, no functions but `open`), so results can be persisted
// and compared in tests as they are.
//
// Contract: every recipient of the message gets exactly one RecipientResult, in the order given; an
// outcome is `delivered`, `temporary` or `permanent`, and anything that is not clearly permanent is
// temporary (maddy's rule: an unknown failure must never bounce mail).
import type { Readable } from 'node:stream';
import type { DeliveryCandidate, OutboundTls } from './types.ts';

export interface TransferAuth {
  username: string;
  password: string;
}

/** Where a message goes and how: what routing decided for one recipient domain or route. */
export interface TransferDestination {
  /**
   * The next hop's identity: the recipient domain for MX delivery, the route for a smart host. Deliveries
   * with the same key share cached connections and the per-destination connection limit.
   */
  key: string;
  /** Hosts in preference order (RFC 5321 §5.1), as route resolution gives them. */
  candidates: readonly DeliveryCandidate[];
  /** How TLS starts; default `opportunistic` (RFC 7435). */
  tls?: OutboundTls;
  /** For `required` and `implicit`: refuse a certificate that does not verify. Default true. */
  verifyCertificate?: boolean;
  /** SMTP AUTH (RFC 4954) with PLAIN or LOGIN, for smart hosts. */
  auth?: TransferAuth | null;
  /** Send credentials over an unencrypted connection. Default false. */
  allowPlaintextAuth?: boolean;
}

/** RFC 3461 §4.1 NOTIFY values; NEVER stands alone. */
export type DsnNotify = 'NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY';

export interface OutboundRecipient {
  address: string;
  /** NOTIFY= (RFC 3461 §4.1), passed on when the server offers DSN. */
  notify?: readonly DsnNotify[];
  /** ORCPT= (RFC 3461 §4.2): address type ("rfc822", "utf-8") and the original address, not encoded. */
  orcpt?: { type: string; address: string };
}

export interface OutboundMessage {
  /** Ties log lines of this delivery together (the queue's message or delivery id). */
  id: string;
  /** Envelope sender; '' is the null reverse-path of bounces (RFC 5321 §4.5.5). */
  sender: string;
  recipients: readonly OutboundRecipient[];
  /** Stored size in octets, sent as SIZE= (RFC 1870) and checked against the server's limit. */
  size?: number;
  /** RET= (RFC 3461 §4.3). */
  ret?: 'FULL' | 'HDRS';
  /** ENVID= (RFC 3461 §4.4), not encoded. */
  envid?: string;
  /** The content has octets above 127: sent with BODY=8BITMIME when offered (RFC 6152). */
  eightBit?: boolean;
  /**
   * The header has UTF-8 (RFC 6532), so the transaction needs SMTPUTF8 (RFC 6531 §3.4). Non-ASCII
   * envelope addresses are detected by the transfer itself.
   */
  smtpUtf8?: boolean;
  /** Opens the stored message (CRLF line ends, not dot-stuffed). Called once per transaction. */
  open(): Readable;
}

/** The SMTP step a reply answered, as bounces say it ("in reply to RCPT TO command"). */
export type SmtpStep = 'greeting' | 'EHLO' | 'HELO' | 'STARTTLS' | 'AUTH' | 'RSET' | 'MAIL FROM' | 'RCPT TO' | 'DATA' | 'end of DATA';

/** A reply from the remote server, exactly as received. */
export interface RemoteReply {
  code: number;
  /** RFC 3463 enhanced status code when the reply carried a valid one of its class, else null. */
  enhanced: string | null;
  /** The reply's text lines without code or enhanced code, joined by "\n". */
  text: string;
  /** MX name and address that said it. */
  host: string;
  address: string;
  step: SmtpStep;
}

export type RecipientOutcome = 'delivered' | 'temporary' | 'permanent';

export interface RecipientResult {
  address: string;
  outcome: RecipientOutcome;
  /**
   * RFC 3463 status for the DSN Status field: the remote's enhanced code, else one derived from the basic
   * code (X.0.0), else the local cause (4.4.1 no answer, 4.4.2 connection lost, 4.7.5 TLS, 5.6.7 SMTPUTF8…).
   */
  status: string;
  /** The remote reply that decided this recipient (RFC 3464 Diagnostic-Code), null when none did. */
  reply: RemoteReply | null;
  /** One line for the attempt log and bounce text: what happened, with host and address; no secrets. */
  detail: string;
}

/** What TLS a delivery used, recorded per delivery (also when verification was not enforced). */
export interface TlsRecord {
  tls: boolean;
  /** "TLSv1.3"; null without TLS. */
  protocol: string | null;
  /** Standard cipher name; null without TLS. */
  cipher: string | null;
  /** The certificate chained to a trusted root and matched the host name (RFC 6125). */
  verified: boolean;
  /** OpenSSL's reason when not verified, e.g. "DEPTH_ZERO_SELF_SIGNED_CERT". */
  verifyError?: string;
}

/** One connection attempt, for the attempt log: which address, and why it did not carry the delivery. */
export interface ConnectionAttempt {
  host: string;
  address: string;
  port: number;
  /** `session`: this connection carried the transaction; `failed`: it did not, see status/detail. */
  result: 'session' | 'failed';
  /** Plain-text retry after a failed opportunistic STARTTLS handshake on the same address. */
  withoutTls?: boolean;
  status?: string;
  detail?: string;
  reply?: RemoteReply;
}

export interface TransferResult {
  /** One per message recipient, in the message's order. */
  recipients: RecipientResult[];
  /** The server that gave the answer for the transaction; null when none could be reached. */
  server: { host: string; address: string; port: number } | null;
  /** TLS of that session; null when no session was established. */
  tls: TlsRecord | null;
  /**
   * The server offered DSN (RFC 3461), so NOTIFY/ORCPT/RET/ENVID went along; when false and NOTIFY=SUCCESS
   * was asked, the queue sends a "relayed" DSN itself (RFC 3461 §6.2.2).
   */
  dsn: boolean;
  /** The session came from the connection cache (RSET before the transaction). */
  reusedConnection: boolean;
  /** Connection attempts made for this delivery, in order (empty when a cached session was reused). */
  attempts: ConnectionAttempt[];
}
