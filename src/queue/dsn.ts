// Delivery status notifications: bounces, delay warnings and success reports, built as RFC 6522
// `multipart/report; report-type=delivery-status` messages whose parts are (1) a plain-English
// explanation, (2) the RFC 3464 `message/delivery-status` report, (3) the original message or its
// header section. Pure: the caller passes the clock's time, the original's bytes and the random source.
//
// Rules this module owns (the queue calls them):
// - No DSN ever goes to the null reverse-path (RFC 5321 §4.5.5, §6.1; RFC 3461 §6.1): `mayNotify`,
//   `dsnEnvelope` return nothing for it, and `buildDsn` refuses it. A DSN itself is sent from the null
//   reverse-path to the original sender, so a DSN about a DSN can never happen.
// - Which events the sender asked to hear about (RFC 3461 §4.1 NOTIFY): `notifyWanted`.
// - What is returned (RFC 3461 §4.3 RET): failures return the full message unless RET=HDRS — as
//   Postfix does, because a sender without a copy can then send it again; delay warnings and success
//   reports return only the header section (RFC 3461 §4.3: a DSN with no failure SHOULD return only
//   headers). Either way at most `returnedSizeLimit` bytes (default 50 000, Postfix's
//   bounce_size_limit) are returned; a larger message falls back to its header section.
//
// Output invariants: CRLF line endings only; every line at most 998 octets (RFC 5322 §2.1.1), header
// fields and report fields folded under 78 columns where the words allow; the outer header, the
// explanation (quoted-printable when it holds non-ASCII) and the report are 7-bit, so only a returned
// part with 8-bit bytes needs BODY=8BITMIME (reported in `envelope.body`), and only a non-ASCII sender
// address needs SMTPUTF8 (`envelope.smtputf8`; the To field then holds raw UTF-8, RFC 6532 §3.2).
// The message comes as chunks, never one large string; only the returned part can be large, and it is
// bounded by the limit.
import { randomBytes } from 'node:crypto';
import { formatRfc5322Date } from '../mime/index.ts';
import { deliveryStatusBody, foldField, mtaName, oneLine } from './dsn-fields.ts';
import type { DsnAction, DsnRecipient } from './dsn-fields.ts';
import { explanation } from './dsn-text.ts';
import type { DsnKind } from './dsn-text.ts';
import { quotedPrintable, readOriginal, returnedPart } from './dsn-original.ts';
import type { OriginalSource, ReturnedPart } from './dsn-original.ts';

export type { DsnAction, DsnDiagnostic, DsnRecipient, DsnRemoteReply } from './dsn-fields.ts';
export type { DsnKind } from './dsn-text.ts';
export type { OriginalSource } from './dsn-original.ts';

/** Postfix's bounce_size_limit default. */
export const DEFAULT_RETURNED_SIZE_LIMIT = 50_000;

export type DsnReturn = 'FULL' | 'HDRS';
export type NotifyKeyword = 'NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY';

export interface DsnInput {
  /** Our hostname: Reporting-MTA, the From domain, the Message-ID domain. */
  reportingMta: string;
  /** The original MAIL FROM address (never the null reverse-path). */
  sender: string;
  /** ENVID of the original MAIL FROM, xtext decoded (RFC 3461 §4.4). */
  envelopeId?: string | null | undefined;
  /** When we accepted the original message. */
  arrivalDate: Date;
  /** The recipients this report is about, in the order to list them; at least one. */
  recipients: readonly DsnRecipient[];
  /** RET of the original MAIL FROM, when given (RFC 3461 §4.3). */
  ret?: DsnReturn | null | undefined;
  /** The original message as stored; a stream is read only as far as needed, then destroyed. */
  original: OriginalSource;
  /** Now, from the caller's clock: the Date field. */
  date: Date;
  /** At most this many bytes of the original are returned (and read). */
  returnedSizeLimit?: number | undefined;
  /** Random bytes for the Message-ID and the MIME boundary; node:crypto by default. */
  random?: ((size: number) => Buffer) | undefined;
}

/** The SMTP envelope a DSN travels in: null reverse-path, to the original sender. */
export interface DsnEnvelope {
  sender: '';
  recipient: string;
}

export interface DeliveryStatusNotification {
  kind: DsnKind;
  envelope: DsnEnvelope & {
    /** MAIL FROM BODY= (RFC 6152): 8BITMIME when the returned original holds 8-bit bytes. */
    body: '7BIT' | '8BITMIME';
    /** MAIL FROM SMTPUTF8 (RFC 6531) is needed: the recipient address is not ASCII. */
    smtputf8: boolean;
  };
  /** With its angle brackets. */
  messageId: string;
  /** What the third part holds. */
  returned: 'full' | 'headers' | 'none';
  /** The message, in order; CRLF line endings. */
  chunks: readonly Buffer[];
  size: number;
}

/** The null reverse-path: `MAIL FROM:<>` (RFC 5321 §4.1.1.2), stored as ''. */
export function isNullSender(sender: string): boolean {
  const trimmed = sender.trim();
  return trimmed === '' || trimmed === '<>';
}

/** RFC 5321 §4.5.5 / §6.1: a notification never goes to the null reverse-path. */
export function mayNotify(sender: string): boolean {
  return !isNullSender(sender);
}

/** The envelope of a DSN about a message from `originalSender`; null when none may be sent. */
export function dsnEnvelope(originalSender: string): DsnEnvelope | null {
  return mayNotify(originalSender) ? { sender: '', recipient: originalSender.trim() } : null;
}

/**
 * RFC 3461 §4.1: whether the sender asked to hear about `action` for a recipient. NEVER: nothing.
 * No NOTIFY at all means FAILURE,DELAY (the MTA's choice per §4.1; we send delay warnings).
 * `relayed` and `expanded` answer SUCCESS (§4.1, RFC 3464 §2.3.3).
 */
export function notifyWanted(notify: readonly NotifyKeyword[] | null | undefined, action: DsnAction): boolean {
  const asked = notify == null || notify.length === 0 ? ['FAILURE', 'DELAY'] : notify;
  if (asked.includes('NEVER')) return false;
  switch (action) {
    case 'failed':
      return asked.includes('FAILURE');
    case 'delayed':
      return asked.includes('DELAY');
    case 'delivered':
    case 'relayed':
    case 'expanded':
      return asked.includes('SUCCESS');
  }
}

/** A report with any failure is a bounce; else with any delay a delay warning; else a success report. */
export function dsnKind(recipients: readonly DsnRecipient[]): DsnKind {
  if (recipients.some((recipient) => recipient.action === 'failed')) return 'failure';
  if (recipients.some((recipient) => recipient.action === 'delayed')) return 'delay';
  return 'success';
}

export function dsnSubject(kind: DsnKind): string {
  switch (kind) {
    case 'failure':
      return 'Undelivered Mail Returned to Sender';
    case 'delay':
      return 'Delayed Mail (still being retried)';
    case 'success':
      return 'Successful Mail Delivery Report';
  }
}

function part(headers: readonly string[], body: Buffer | string): Buffer[] {
  const head = headers.join('') + '\r\n';
  return [Buffer.from(head, 'utf8'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body];
}

function explanationPart(text: string): Buffer[] {
  const ascii = /^[\x00-\x7f]*$/.test(text);
  const body = ascii ? text : quotedPrintable(Buffer.from(text, 'utf8'));
  return part(
    [
      'Content-Description: Notification\r\n',
      'Content-Type: text/plain; charset=utf-8\r\n',
      `Content-Transfer-Encoding: ${ascii ? '7bit' : 'quoted-printable'}\r\n`,
    ],
    body,
  );
}

function originalPart(returned: ReturnedPart): Buffer[] {
  const description = returned.kind === 'full' ? 'Original message' : 'Header of the original message';
  return part(
    [
      `Content-Description: ${description}\r\n`,
      foldField('Content-Type', returned.contentType),
      `Content-Transfer-Encoding: ${returned.transferEncoding}\r\n`,
    ],
    returned.body,
  );
}

/** Builds the notification. Throws on a null sender, no recipients or a bad hostname: caller bugs. */
export async function buildDsn(input: DsnInput): Promise<DeliveryStatusNotification> {
  const envelope = dsnEnvelope(input.sender);
  if (envelope === null) throw new Error('a DSN is never sent to the null reverse-path (RFC 5321 §4.5.5)');
  if (input.recipients.length === 0) throw new Error('a DSN reports on at least one recipient (RFC 3464 §2.1)');
  const kind = dsnKind(input.recipients);
  const limit = Math.max(0, Math.floor(input.returnedSizeLimit ?? DEFAULT_RETURNED_SIZE_LIMIT));
  const wantFull = kind === 'failure' && input.ret !== 'HDRS';
  const prefix = await readOriginal(input.original, limit, !wantFull);
  const returned = returnedPart(prefix, limit, wantFull);

  const random = input.random ?? randomBytes;
  const host = mtaName(input.reportingMta);
  if (host === undefined) throw new Error(`the reporting MTA must be an ASCII host name: ${JSON.stringify(input.reportingMta)}`);
  const messageId = `<${input.date.getTime().toString(36)}.${random(9).toString('base64url')}.dsn@${host}>`;
  // RFC 2046 §5.1.1: "=_" cannot occur in base64 or quoted-printable text, and the random part makes
  // a collision with a returned original improbable.
  const boundary = `=_dsn_${random(18).toString('base64url')}`;
  const recipient = oneLine(envelope.recipient);

  const header = [
    `From: Mail Delivery System <MAILER-DAEMON@${host}>\r\n`,
    `To: <${recipient}>\r\n`,
    `Subject: ${dsnSubject(kind)}\r\n`,
    `Date: ${formatRfc5322Date(input.date)}\r\n`,
    `Message-ID: ${messageId}\r\n`,
    returned?.messageId != null ? `References: ${returned.messageId}\r\n` : '',
    // RFC 3834 §5: the notification is an automatic response.
    'Auto-Submitted: auto-replied\r\n',
    'MIME-Version: 1.0\r\n',
    // RFC 6522 §3: report-type names the second part's type.
    `Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="${boundary}"\r\n`,
    '\r\n',
    'This is a delivery status notification in MIME format.\r\n',
  ].join('');

  const text = explanation({
    kind,
    reportingMta: host,
    recipients: input.recipients,
    returned: returned?.kind ?? 'none',
    notReturned: !wantFull || returned?.kind === 'full' ? null : prefix.complete ? 'unsendable' : 'too-large',
  });
  const report = deliveryStatusBody(
    { reportingMta: host, envelopeId: input.envelopeId, arrivalDate: input.arrivalDate },
    input.recipients,
  );
  const delimiter = Buffer.from(`\r\n--${boundary}\r\n`, 'ascii');
  const chunks: Buffer[] = [
    Buffer.from(header, 'utf8'),
    delimiter,
    ...explanationPart(text),
    delimiter,
    ...part(['Content-Description: Delivery report\r\n', 'Content-Type: message/delivery-status\r\n', 'Content-Transfer-Encoding: 7bit\r\n'], report),
  ];
  if (returned !== null) chunks.push(delimiter, ...originalPart(returned));
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'ascii'));

  return {
    kind,
    envelope: {
      ...envelope,
      body: returned?.transferEncoding === '8bit' ? '8BITMIME' : '7BIT',
      smtputf8: !/^[\x00-\x7f]*$/.test(envelope.recipient),
    },
    messageId,
    returned: returned?.kind ?? 'none',
    chunks,
    size: chunks.reduce((sum, chunk) => sum + chunk.length, 0),
  };
}
