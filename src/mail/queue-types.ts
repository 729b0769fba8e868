// The outbound queue's records as the queue runner, the CLI and the API see them (issue 6). One entry
// per relayed recipient; the message body is the shared blob of its message row.

/** RFC 3461 §4.1 NOTIFY: NEVER alone, or any of the others. */
export type DsnNotify = 'NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY';

/** RFC 3461 per-recipient parameters of RCPT, xtext decoded. */
export interface RecipientDsn {
  /** null: not given (failures and delays are reported, RFC 3461 §4.1). */
  notify: DsnNotify[] | null;
  /** ORCPT (§4.2): the original recipient with its address type. */
  orcpt: { type: string; address: string } | null;
}

/** `queued`: waiting for `nextAttemptAt`; `delivering`: leased by a runner until `leaseUntil`. */
export type QueueStatus = 'queued' | 'delivering';

export interface QueueEntry {
  id: number;
  messageId: number;
  /** The message body's blob and its size in octets. */
  blobHash: string;
  size: number;
  /** When the message was accepted (ms since epoch). */
  receivedAt: number;
  /** Envelope sender, '' for the null sender. */
  sender: string;
  recipient: string;
  status: QueueStatus;
  nextAttemptAt: number;
  attempts: number;
  /** The last attempt's result text, null before the first. */
  lastReply: string | null;
  createdAt: number;
  /** RFC 3461 NOTIFY keywords of the RCPT; null when it gave none. */
  notify: DsnNotify[] | null;
  orcpt: { type: string; address: string } | null;
  ret: 'FULL' | 'HDRS' | null;
  envid: string | null;
  delayWarned: boolean;
  /** `mailstead queue bounce`: the runner bounces it at its next pass instead of trying again. */
  bounceRequested: boolean;
  /** Submitted by a trusted client: it may be DKIM-signed for its `From:` domain (DeliveryRequest.submitted). */
  submitted: boolean;
  /** It came with SMTPUTF8, so its next hop must offer SMTPUTF8 (RFC 6531 §3.2). */
  smtputf8: boolean;
}

export interface QueueAttempt {
  attemptedAt: number;
  outcome: 'delivered' | 'deferred' | 'failed';
  /** RFC 3463 status, e.g. "4.4.1". */
  status: string;
  /** The remote reply or the local reason, in Postfix's words ("host … said: …"). */
  detail: string;
  /** `mx.example.net[192.0.2.1]:25`, null when no server answered. */
  host: string | null;
  /** The connection's TLS, null in plain text or without a connection. */
  tls: { protocol: string; cipher: string; verified: boolean } | null;
}

/** What one attempt did to one entry: delivered and failed end it (its message reference released). */
export interface QueueSettlement {
  queueId: number;
  attempt: QueueAttempt;
  /** For `deferred`: when to try again. */
  nextAttemptAt?: number;
}
