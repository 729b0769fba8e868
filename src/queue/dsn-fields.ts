// The machine-readable part of a delivery status notification: the `message/delivery-status` body
// (RFC 3464 §2), one group of per-message fields, then one group per recipient, groups separated by an
// empty line, every line ending in CRLF.
//
// Invariants: the output is 7-bit ASCII (RFC 3464 §2.1: "7bit" is sufficient and required), so it
// never needs 8BITMIME or SMTPUTF8; no line is longer than 998 octets (RFC 5322 §2.1.1) and fields are
// folded at spaces to stay under 78 where the words allow; nothing taken from outside (addresses,
// remote replies, the envelope id) can start a field of its own, because control characters are
// removed before anything is written. Non-ASCII addresses use the RFC 6533 §3 `utf-8` address type
// in its 7-bit utf-8-addr-xtext form (`\x{HEX}` escapes).
import { formatRfc5322Date, utf8AddrXtext } from '../mime/index.ts';

/** RFC 3464 §2.3.3 action values. */
export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

/**
 * A reply from the remote server as the outbound transfer records it: basic code, enhanced code, and
 * the text lines without their codes, joined by "\n" (structurally outbound's RemoteReply).
 */
export interface DsnRemoteReply {
  code: number;
  enhanced: string | null;
  text: string;
  /** The host that said it: the Remote-MTA when the recipient names none. */
  host?: string | undefined;
  /** The SMTP step it answered (`RCPT TO`), for the explanation. */
  step?: string | undefined;
}

/**
 * The Diagnostic-Code (RFC 3464 §2.3.6): a remote SMTP reply, either structured or as received (one
 * entry per line, codes included, or one string with line breaks); or, typed `x-mailstead`, a failure
 * found here (DNS, TLS, timeouts).
 */
export type DsnDiagnostic =
  | { type: 'smtp'; reply: DsnRemoteReply }
  | { type: 'smtp' | 'x-mailstead'; text: string | readonly string[] };

/** One recipient the report is about (RFC 3464 §2.3). */
export interface DsnRecipient {
  /** The address delivery was attempted to (RFC 3464 §2.3.2), as in our RCPT TO. */
  finalRecipient: string;
  /**
   * The ORCPT parameter of the original RCPT TO (RFC 3461 §4.2), when the client gave one: its
   * address type (`rfc822`, `utf-8`) and the address with xtext and `\x{…}` escapes already decoded.
   */
  originalRecipient?: { type: string; address: string } | undefined;
  action: DsnAction;
  /** RFC 3463 enhanced status code, e.g. `5.1.1`; a malformed one is replaced by the action's class. */
  status: string;
  /** The host that gave the reply (RFC 3464 §2.3.5), written `dns; host`. */
  remoteMta?: string | undefined;
  diagnostic?: DsnDiagnostic | undefined;
  lastAttemptDate?: Date | undefined;
  /** For `delayed`: when the queue gives up (RFC 3464 §2.3.9). */
  willRetryUntil?: Date | undefined;
}

/** The per-message fields (RFC 3464 §2.2). */
export interface DsnMessageFields {
  reportingMta: string;
  /** ENVID of the original MAIL FROM (RFC 3461 §4.4), xtext already decoded. */
  envelopeId?: string | null | undefined;
  arrivalDate: Date;
}

const SOFT_LIMIT = 78;
const HARD_LIMIT = 998;
/** A remote reply can be long (dozens of lines); beyond this it is cut, the start says what matters. */
const MAX_DIAGNOSTIC = 2000;

/** Control characters (CR and LF too) and runs of white space become one space; trimmed. */
export function oneLine(text: string): string {
  return text.replace(/[\x00-\x20\x7f]+/g, ' ').trim();
}

/** Printable ASCII only: anything else becomes `?`, as Postfix prints what it cannot show. */
function asciiOnly(text: string): string {
  return oneLine(text).replace(/[^\x20-\x7e]/gu, '?');
}

/**
 * An address with its type for Final-Recipient / Original-Recipient (RFC 3464 §2.3.1–2): kept under
 * its own type while it is printable ASCII; otherwise `utf-8` in the 7-bit xtext form (RFC 6533 §3),
 * so the report stays readable by every DSN parser and needs no SMTPUTF8.
 */
export function typedAddress(type: string, address: string, separator: string): string {
  const clean = oneLine(address).replace(/\s/g, '');
  const cleanType = oneLine(type).replace(/[^A-Za-z0-9-]/g, '') || 'rfc822';
  if (/^[\x21-\x7e]*$/.test(clean)) return `${cleanType}${separator}${clean}`;
  return `utf-8${separator}${utf8AddrXtext(clean)}`;
}

const REPLY_LINE = /^(\d{3})[ -](.*)$/;
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?:\s+|$)/;

/**
 * A multi-line SMTP reply (RFC 5321 §4.2.1) joined into one line for Diagnostic-Code and the text:
 * `550-5.1.1 a` + `550 5.1.1 b` → `550 5.1.1 a b`. Lines that are not all one reply are joined as
 * they are. Cut at MAX_DIAGNOSTIC characters.
 */
export function joinReply(text: string | readonly string[]): string {
  const lines = (typeof text === 'string' ? [text] : text)
    .flatMap((entry) => entry.split(/\r\n|\r|\n/))
    .map(oneLine)
    .filter((line) => line !== '');
  const parsed = lines.map((line) => REPLY_LINE.exec(line));
  const code = parsed[0]?.[1];
  let joined: string;
  if (code !== undefined && parsed.every((match) => match?.[1] === code)) {
    const texts = parsed.map((match) => (match?.[2] ?? '').trim());
    const enhanced = ENHANCED.exec(texts[0] ?? '')?.[1];
    // The enhanced code goes once at the front; continuation lines repeating it lose their copy.
    const rest = texts.map((line) => {
      const own = enhanced === undefined ? null : ENHANCED.exec(line);
      return own !== null && own[1] === enhanced ? line.slice(own[0].length) : line;
    });
    const head = enhanced === undefined ? code : `${code} ${enhanced}`;
    joined = [head, ...rest].filter((part) => part !== '').join(' ');
  } else {
    joined = lines.join(' ');
  }
  return capped(joined);
}

function capped(text: string): string {
  return text.length > MAX_DIAGNOSTIC ? `${text.slice(0, MAX_DIAGNOSTIC - 3)}...` : text;
}

/** The diagnostic as one line: `550 5.1.1 text of all lines`. */
export function diagnosticText(diagnostic: DsnDiagnostic): string {
  if (!('reply' in diagnostic)) return joinReply(diagnostic.text);
  const { code, enhanced, text } = diagnostic.reply;
  const lines = text.split(/\r\n|\r|\n/).map(oneLine);
  return capped([String(code), enhanced ?? '', ...lines].filter((part) => part !== '').join(' '));
}

/** The host named in Remote-MTA: the recipient's, else the one the reply came from. */
export function remoteMtaOf(recipient: DsnRecipient): string | undefined {
  const diagnostic = recipient.diagnostic;
  const fromReply = diagnostic !== undefined && 'reply' in diagnostic ? diagnostic.reply.host : undefined;
  return mtaName(recipient.remoteMta ?? fromReply);
}

/**
 * `Name: value`, folded at spaces (RFC 5322 §2.2.3) so lines stay under 78 columns where the words
 * allow; a word too long for a 998-octet line is split (the only case that changes the value).
 */
export function foldField(name: string, value: string): string {
  const words = value.split(' ').filter((word) => word !== '');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const whole of words) {
    let word = whole;
    while (word.length > HARD_LIMIT - 2) {
      lines.push(line);
      line = ` ${word.slice(0, HARD_LIMIT - 2)}`;
      word = word.slice(HARD_LIMIT - 2);
    }
    if (line.length + 1 + word.length <= SOFT_LIMIT || line.length <= name.length + 1) {
      line += ` ${word}`;
    } else {
      lines.push(line);
      line = ` ${word}`;
    }
  }
  lines.push(line);
  return lines.filter((folded) => folded.trim() !== '').join('\r\n') + '\r\n';
}

/** RFC 3464 §2.3.4 status-code; a malformed one becomes the generic code of the action's class. */
export function statusCode(status: string, action: DsnAction): string {
  if (/^[245]\.\d{1,3}\.\d{1,3}$/.test(status)) return status;
  if (action === 'failed') return '5.0.0';
  if (action === 'delayed') return '4.0.0';
  return '2.0.0';
}

/** A host name or address literal for `dns;` fields; anything else is left out. */
export function mtaName(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const clean = oneLine(host);
  return /^[A-Za-z0-9._:[\]-]{1,255}$/.test(clean) ? clean : undefined;
}

function perMessage(fields: DsnMessageFields): string {
  let out = '';
  // RFC 3464 §2.2: Original-Envelope-Id, Reporting-MTA, DSN-Gateway, Received-From-MTA, Arrival-Date.
  // RFC 3461 §4.4: an ENVID is printable ASCII once xtext is decoded.
  const envelopeId = fields.envelopeId == null ? '' : asciiOnly(fields.envelopeId).replace(/ /g, '');
  if (envelopeId !== '') out += foldField('Original-Envelope-Id', envelopeId);
  out += foldField('Reporting-MTA', `dns; ${mtaName(fields.reportingMta) ?? 'localhost'}`);
  out += foldField('Arrival-Date', formatRfc5322Date(fields.arrivalDate));
  return out;
}

function perRecipient(recipient: DsnRecipient): string {
  // RFC 3464 §2.3, in the order of its ABNF.
  let out = '';
  const original = recipient.originalRecipient;
  // RFC 3464 §2.3.1: the ORCPT value as given, `type;address`.
  if (original !== undefined) out += foldField('Original-Recipient', typedAddress(original.type, original.address, ';'));
  out += foldField('Final-Recipient', typedAddress('rfc822', recipient.finalRecipient, '; '));
  out += foldField('Action', recipient.action);
  out += foldField('Status', statusCode(recipient.status, recipient.action));
  const remote = remoteMtaOf(recipient);
  if (remote !== undefined) out += foldField('Remote-MTA', `dns; ${remote}`);
  if (recipient.diagnostic !== undefined) {
    const text = asciiOnly(diagnosticText(recipient.diagnostic));
    if (text !== '') out += foldField('Diagnostic-Code', `${recipient.diagnostic.type}; ${text}`);
  }
  if (recipient.lastAttemptDate !== undefined) out += foldField('Last-Attempt-Date', formatRfc5322Date(recipient.lastAttemptDate));
  if (recipient.willRetryUntil !== undefined) out += foldField('Will-Retry-Until', formatRfc5322Date(recipient.willRetryUntil));
  return out;
}

/** The body of the `message/delivery-status` part (RFC 3464 §2.1). */
export function deliveryStatusBody(fields: DsnMessageFields, recipients: readonly DsnRecipient[]): string {
  return [perMessage(fields), ...recipients.map(perRecipient)].join('\r\n');
}
