// The delivery path every front end uses: start(envelope) → addRecipient → writeBody → commit | abort.
// Implemented by the router (local mailboxes + outbound queue); later by policy wrappers and Sieve.
// Verdicts are protocol-neutral `kind`s; each protocol maps a kind to its exact reply.
import type { RecipientDsn } from '../mail/queue-types.ts';

export type { DsnNotify, RecipientDsn } from '../mail/queue-types.ts';

export interface ClientInfo {
  /** Connection id, for logs. */
  sessionId: string;
  address: string;
  port: number;
  /** HELO/EHLO name as given. */
  helo: string;
  /** Negotiated TLS, when the connection is encrypted. */
  tls: { protocol: string; cipher: string } | null;
  /** The authenticated account address, once AUTH exists. */
  authenticatedAs: string | null;
  /** The client address is in `smtp.relay_networks`. */
  inRelayNetwork: boolean;
  /**
   * A trusted local submission: the pickup folder, `mailstead sendmail`, the queue's own notifications.
   * Only administrators can reach these, so it may relay and its sender is not checked.
   */
  local: boolean;
}

export interface Envelope {
  /** '' is the null reverse-path (bounces). */
  sender: string;
  /** SIZE= from MAIL FROM, when given. */
  declaredSize: number | null;
  client: ClientInfo;
  /** MAIL FROM had SMTPUTF8 (RFC 6531 §3.4): relaying it needs a next hop that offers SMTPUTF8. */
  smtputf8?: boolean;
  /** RFC 3461 §4.3 RET and §4.4 ENVID of MAIL FROM (xtext decoded), when given. */
  dsn?: { ret: 'FULL' | 'HDRS' | null; envid: string | null };
}

export type RejectKind =
  | 'unknown-recipient' // 550 5.1.1
  | 'relay-denied' // 554 5.7.1
  | 'over-quota' // 452 4.2.2
  | 'alias-loop' // 550 5.4.6
  | 'too-many-hops' // 554 5.4.6
  | 'header-too-large' // 552 5.3.4
  | 'message-too-large' // 552 5.3.4
  | 'sender-not-owned' // 553 5.7.1 (envelope sender of an authenticated client)
  | 'from-not-owned' // 553 5.7.1 (a From: address of an authenticated client)
  | 'temporary-failure'; // 451 4.3.0

export type Verdict = { ok: true } | { ok: false; kind: RejectKind; detail?: string };

export interface CommitResult {
  /** Id tying logs of this message together. */
  messageId: number;
  localRecipients: number;
  remoteRecipients: number;
}

export interface DeliveryTransaction {
  /** Whether the client may use the envelope sender (an authenticated client only its own addresses). */
  acceptSender(): Promise<Verdict>;
  /** `dsn`: the RCPT's RFC 3461 parameters, kept with a relayed recipient for its notifications. */
  addRecipient(address: string, dsn?: RecipientDsn): Promise<Verdict>;
  /** Message bytes as stored: CRLF line endings, dot-unstuffed, trace headers first. */
  writeBody(chunk: Buffer): Promise<void>;
  /** Durable before it resolves `{ ok: true }`; rejects are typed, never thrown. */
  commit(): Promise<{ ok: true; result: CommitResult } | { ok: false; kind: RejectKind; detail?: string }>;
  /** Drops everything written so far; leaves no temporary file. Safe to call twice. */
  abort(): Promise<void>;
}

export interface DeliveryTarget {
  start(envelope: Envelope): Promise<DeliveryTransaction>;
}
