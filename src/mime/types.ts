// The parsed shape of a message that IMAP serves without re-reading the body: ENVELOPE, BODYSTRUCTURE
// and the byte range of every MIME part. Computed once while the message streams in (MessageAnalyser)
// and stored as JSON with the message, so every type here is plain data: strings, numbers, arrays, null.
//
// Offsets are relative to the first byte of the stored blob. A mailbox entry may carry a per-recipient
// prefix (`Return-Path`, `Delivered-To`) that is served before the blob: the IMAP layer adds the prefix's
// length to every offset of the top-level message, whose header section then starts at 0 of the entry.

/**
 * One member of an ENVELOPE address list (RFC 3501 §7.4.2 / RFC 9051 §7.5.2): `(name adl mailbox host)`.
 * Group syntax is kept as IMAP writes it: a start marker (`mailbox` = the group name, `host` = null)
 * before the group's members and an end marker (every field null) after them.
 */
export interface EnvelopeAddress {
  /** Display name (or the comment of a bare addr-spec), encoded words kept as written; null = NIL. */
  name: string | null;
  /** Obsolete source route (`@a,@b`), RFC 5322 §4.4. */
  adl: string | null;
  mailbox: string | null;
  host: string | null;
}

/** ENVELOPE: raw header values (not decoded, as IMAP requires); null = NIL. */
export interface MessageEnvelope {
  date: string | null;
  subject: string | null;
  from: EnvelopeAddress[] | null;
  /** Defaults to `from` when absent or empty (RFC 3501 §7.4.2). */
  sender: EnvelopeAddress[] | null;
  /** Defaults to `from` when absent or empty (RFC 3501 §7.4.2). */
  replyTo: EnvelopeAddress[] | null;
  to: EnvelopeAddress[] | null;
  cc: EnvelopeAddress[] | null;
  bcc: EnvelopeAddress[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

/** MIME parameters in header order, names lowercased (RFC 2045 §5.1), RFC 2231 continuations joined. */
export type MimeParams = Array<[name: string, value: string]>;

/** An encapsulated message (message/rfc822 or message/global): its ENVELOPE and its own top-level part. */
export interface EncapsulatedMessage {
  envelope: MessageEnvelope;
  /** The encapsulated message as a part: header section from the enclosing part's body start. */
  body: BodyPart;
}

/**
 * One MIME entity: a message's top level, a part of a multipart, or an encapsulated message.
 * `headerStart ≤ bodyStart ≤ end`; children lie inside `[bodyStart, end]`.
 */
export interface BodyPart {
  /** First octet of the part's header section (BODY[n.MIME]). */
  headerStart: number;
  /** First octet of the body (after the empty line ending the header section). */
  bodyStart: number;
  /** One past the last octet of the body; the CRLF before a boundary is not part of it (RFC 2046 §5.1.1). */
  end: number;
  /** Lowercased media type and subtype (RFC 2045 §5.1); defaults applied (RFC 2045 §5.2, RFC 2046 §5.1.5). */
  type: string;
  subtype: string;
  params: MimeParams;
  id: string | null;
  description: string | null;
  /** Lowercased Content-Transfer-Encoding, `7bit` by default (RFC 2045 §6.1). */
  encoding: string;
  /** Content-MD5 as written (RFC 1864), the body MD5 of BODYSTRUCTURE extension data. */
  md5: string | null;
  disposition: { type: string; params: MimeParams } | null;
  /** Content-Language tags (RFC 3282). */
  language: string[] | null;
  /** Content-Location (RFC 2557). */
  location: string | null;
  /** Octets of the body: `end - bodyStart`. */
  size: number;
  /** Line feeds in the body (what IMAP reports as the size in lines). */
  lines: number;
  /** Parts of a multipart, in order (never empty: see MessageAnalyser); [] for any other type. */
  children: BodyPart[];
  /** For message/rfc822 and message/global whose body was parsed; null otherwise. */
  message: EncapsulatedMessage | null;
}

/**
 * What the analyser computed while the message streamed in (src/mime MessageAnalyser), stored as JSON
 * with the message so IMAP serves ENVELOPE, BODYSTRUCTURE and BODY[section] without re-parsing. Offsets
 * in `structure` are relative to the blob; a mailbox entry's prefix comes before them.
 */
export interface MessageSummary {
  /** Decoded display text (RFC 2047), for lists and logs. */
  subject: string | null;
  from: string | null;
  to: string | null;
  date: string | null;
  messageId: string | null;
  envelope: MessageEnvelope;
  /** The top-level MIME entity: header section at 0, body, parts with their byte ranges. */
  structure: BodyPart;
  /** Octets of the blob. */
  size: number;
  /** Line feeds in the blob. */
  lines: number;
}
