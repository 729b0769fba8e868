// ENVELOPE and BODY / BODYSTRUCTURE in IMAP wire syntax (RFC 3501 §7.4.2 and §9, RFC 9051 §7.5.2 and
// §9), rendered from the stored structure so the IMAP layer only appends them to a FETCH response.
// Strings are quoted when that is safe in both IMAP4rev1 and IMAP4rev2 (7-bit, no CR or LF), else sent as
// literals `{n}\r\n…` whose length counts UTF-8 octets: write the result as UTF-8. NUL, which no IMAP
// string may hold, is dropped.
import type { BodyPart, EnvelopeAddress, MessageEnvelope, MimeParams } from './types.ts';

const QUOTABLE = /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/;

/** An IMAP string (RFC 3501 §4.3): quoted when safe, else a literal. */
export function imapString(value: string): string {
  const text = value.replaceAll('\0', '');
  if (QUOTABLE.test(text)) return `"${text.replace(/[\\"]/g, '\\$&')}"`;
  return `{${Buffer.byteLength(text, 'utf8')}}\r\n${text}`;
}

/** nstring: NIL for null. */
export function imapNString(value: string | null): string {
  return value === null ? 'NIL' : imapString(value);
}

function list(items: readonly string[]): string {
  return `(${items.join(' ')})`;
}

function address(a: EnvelopeAddress): string {
  return list([imapNString(a.name), imapNString(a.adl), imapNString(a.mailbox), imapNString(a.host)]);
}

function addressList(addresses: readonly EnvelopeAddress[] | null): string {
  // RFC 3501 §9 env-from etc.: "(" 1*address ")" / nil; addresses follow each other without spaces.
  return addresses === null || addresses.length === 0 ? 'NIL' : `(${addresses.map(address).join('')})`;
}

export function renderEnvelope(envelope: MessageEnvelope): string {
  return list([
    imapNString(envelope.date),
    imapNString(envelope.subject),
    addressList(envelope.from),
    addressList(envelope.sender),
    addressList(envelope.replyTo),
    addressList(envelope.to),
    addressList(envelope.cc),
    addressList(envelope.bcc),
    imapNString(envelope.inReplyTo),
    imapNString(envelope.messageId),
  ]);
}

/** body-fld-param: `("name" "value" …)` or NIL. */
function params(values: MimeParams): string {
  return values.length === 0 ? 'NIL' : list(values.flatMap(([name, value]) => [imapString(name), imapString(value)]));
}

/** body-fld-dsp SP body-fld-lang SP body-fld-loc: the extension fields every part type ends with. */
function dispositionLanguageLocation(part: BodyPart): string {
  const disposition = part.disposition === null ? 'NIL' : list([imapString(part.disposition.type), params(part.disposition.params)]);
  const language = part.language === null ? 'NIL' : list(part.language.map(imapString));
  return `${disposition} ${language} ${imapNString(part.location)}`;
}

function render(part: BodyPart, extensions: boolean): string {
  if (part.type === 'multipart') {
    // RFC 3501 §9 body-type-mpart: 1*body SP media-subtype [SP body-ext-mpart].
    const children = part.children.map((child) => render(child, extensions)).join('');
    const extension = extensions ? ` ${params(part.params)} ${dispositionLanguageLocation(part)}` : '';
    return `(${children} ${imapString(part.subtype)}${extension})`;
  }
  // body-fields: param id description encoding octets.
  let out = `${imapString(part.type)} ${imapString(part.subtype)} ${params(part.params)} ${imapNString(part.id)} ${imapNString(part.description)} ${imapString(part.encoding)} ${part.size}`;
  if (part.message !== null) {
    // body-type-msg: envelope, the encapsulated body, its size in lines (RFC 9051 also for message/global).
    out += ` ${renderEnvelope(part.message.envelope)} ${render(part.message.body, extensions)} ${part.lines}`;
  } else if (part.type === 'text') {
    out += ` ${part.lines}`;
  }
  // body-ext-1part: md5, disposition, language, location.
  if (extensions) out += ` ${imapNString(part.md5)} ${dispositionLanguageLocation(part)}`;
  return `(${out})`;
}

/** BODYSTRUCTURE: with extension data. */
export function renderBodyStructure(part: BodyPart): string {
  return render(part, true);
}

/** BODY (the non-extensible form of BODYSTRUCTURE). */
export function renderBody(part: BodyPart): string {
  return render(part, false);
}
