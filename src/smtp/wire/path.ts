// Envelope paths of MAIL and RCPT, parsed to the letter of RFC 5321 §4.1.2 with the UTF-8 extensions
// of RFC 6531 §3.3 (UTF8-non-ascii in atext, qtextSMTP and sub-domains). Source routes are parsed
// and dropped (RFC 5321 §4.1.2 and Appendix C: "SHOULD ignore the routes"). Pure and total: every
// input gives a value or a typed error, never an exception.

export interface Mailbox {
  /** The local part as meant: a quoted local part without its quotes and backslashes. */
  readonly localPart: string;
  /** A domain as written, or an address literal with its brackets ("[192.0.2.1]"). */
  readonly domain: string;
}

export type Path = { kind: 'null' } | { kind: 'postmaster' } | { kind: 'mailbox'; mailbox: Mailbox };

export type PathResult = { ok: true; path: Path; end: number } | { ok: false };

const ATEXT_ASCII = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
const LET_DIG = /^[A-Za-z0-9]$/;
// RFC 1035 §2.3.4 limits, which RFC 5321 §4.5.3.1.2 inherits for the domain of a path.
const MAX_LABEL = 63;
const MAX_DOMAIN = 255;

const isNonAscii = (ch: string): boolean => ch.charCodeAt(0) >= 0x80;
const isAtext = (ch: string): boolean => ATEXT_ASCII.test(ch) || isNonAscii(ch);

/**
 * Parses a path starting at `start` (which must be "<"). `<>` and `<Postmaster>` (RFC 5321 §4.1.1.3,
 * any case, no domain) are returned as such; whether they are allowed is the caller's decision.
 */
export function parsePath(text: string, start: number): PathResult {
  if (text[start] !== '<') return { ok: false };
  let i = start + 1;
  if (text[i] === '>') return { ok: true, path: { kind: 'null' }, end: i + 1 };
  const close = text.indexOf('>', i);
  if (close !== -1 && text.slice(i, close).toLowerCase() === 'postmaster') {
    return { ok: true, path: { kind: 'postmaster' }, end: close + 1 };
  }
  if (text[i] === '@') {
    const route = skipSourceRoute(text, i);
    if (route === -1) return { ok: false };
    i = route;
  }
  const mailbox = parseMailboxAt(text, i);
  if (!mailbox || text[mailbox.end] !== '>') return { ok: false };
  return { ok: true, path: { kind: 'mailbox', mailbox: mailbox.mailbox }, end: mailbox.end + 1 };
}

/** A-d-l ":" — `@one.example,@two.example:` — returns the index after the colon, or -1. */
function skipSourceRoute(text: string, start: number): number {
  let i = start;
  for (;;) {
    if (text[i] !== '@') return -1;
    const domain = parseDomainAt(text, i + 1);
    if (domain === -1) return -1;
    i = domain;
    if (text[i] === ',') {
      i++;
      continue;
    }
    return text[i] === ':' ? i + 1 : -1;
  }
}

function parseMailboxAt(text: string, start: number): { mailbox: Mailbox; end: number } | undefined {
  const local = text[start] === '"' ? parseQuotedString(text, start) : parseDotString(text, start);
  if (!local || text[local.end] !== '@') return undefined;
  const domainStart = local.end + 1;
  const end = text[domainStart] === '[' ? parseAddressLiteralAt(text, domainStart) : parseDomainAt(text, domainStart);
  if (end === -1) return undefined;
  return { mailbox: { localPart: local.value, domain: text.slice(domainStart, end) }, end };
}

/** Dot-string = Atom *("." Atom). */
function parseDotString(text: string, start: number): { value: string; end: number } | undefined {
  let i = start;
  for (;;) {
    const atomStart = i;
    while (i < text.length && isAtext(text[i]!)) i++;
    if (i === atomStart) return undefined;
    if (text[i] !== '.') return { value: text.slice(start, i), end: i };
    i++;
  }
}

/** Quoted-string = DQUOTE *QcontentSMTP DQUOTE; quoted-pairSMTP = "\" %d32-126. */
function parseQuotedString(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\\') {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 32 && next <= 126)) return undefined;
      value += text[i + 1];
      i += 2;
      continue;
    }
    // qtextSMTP = %d32-33 / %d35-91 / %d93-126 / UTF8-non-ascii
    if (!((code >= 32 && code <= 126) || code >= 0x80)) return undefined;
    value += ch;
    i++;
  }
  return undefined;
}

/**
 * Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str] or a U-label. U-labels are
 * checked for their shape only (letters, digits, hyphens, non-ASCII), not against IDNA tables.
 * Returns the index after the domain, or -1.
 */
function parseDomainAt(text: string, start: number): number {
  let i = start;
  let asciiOnly = true;
  for (;;) {
    const labelStart = i;
    let labelAscii = true;
    while (i < text.length && (LET_DIG.test(text[i]!) || text[i] === '-' || isNonAscii(text[i]!))) {
      if (isNonAscii(text[i]!)) labelAscii = false;
      i++;
    }
    const label = text.slice(labelStart, i);
    if (label === '' || label.startsWith('-') || label.endsWith('-')) return -1;
    if (labelAscii && label.length > MAX_LABEL) return -1;
    asciiOnly &&= labelAscii;
    if (text[i] !== '.') break;
    i++;
  }
  if (asciiOnly && i - start > MAX_DOMAIN) return -1;
  return i;
}

/** address-literal = "[" ( IPv4 / "IPv6:" IPv6 / Standardized-tag ":" 1*dcontent ) "]". */
function parseAddressLiteralAt(text: string, start: number): number {
  const close = text.indexOf(']', start);
  if (close === -1) return -1;
  const inner = text.slice(start + 1, close);
  return isAddressLiteral(inner) ? close + 1 : -1;
}

const SNUM = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${SNUM}(\\.${SNUM}){3}$`);
const GENERAL_LITERAL = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?:[\x21-\x5a\x5e-\x7e]+$/;

function isAddressLiteral(inner: string): boolean {
  if (IPV4.test(inner)) return true;
  if (/^ipv6:/i.test(inner)) return isIpv6(inner.slice(5));
  return GENERAL_LITERAL.test(inner);
}

/**
 * IPv6-addr of RFC 5321 §4.1.3: full, compressed, and both with a trailing IPv4 part. Stricter than
 * RFC 4291: "::" stands for at least two groups, so at most six others may be written beside it.
 */
function isIpv6(text: string): boolean {
  let head = text;
  let groupsForV4 = 0;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    if (!IPV4.test(text.slice(lastColon + 1))) return false;
    head = text.slice(0, lastColon + 1) + '0';
    groupsForV4 = 1;
  }
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | undefined => {
    if (part === '') return [];
    const list = part.split(':');
    return list.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g)) ? list : undefined;
  };
  const left = groups(halves[0]!);
  if (!left) return false;
  if (halves.length === 1) return left.length + groupsForV4 === 8;
  const right = groups(halves[1]!);
  if (!right) return false;
  return left.length + right.length + groupsForV4 <= 6;
}

/** `local@domain` in the form written on the wire and in `Received: … for <…>`. */
export function formatMailbox(mailbox: Mailbox): string {
  return `${formatLocalPart(mailbox.localPart)}@${mailbox.domain}`;
}

/** A local part that is a Dot-string goes bare; any other is quoted with `\` before `"` and `\`. */
function formatLocalPart(local: string): string {
  const dotString = parseDotString(local, 0);
  if (dotString && dotString.end === local.length) return local;
  return `"${local.replace(/(["\\])/g, '\\$1')}"`;
}

/** RFC 6531 §3.5: such an address needs the SMTPUTF8 parameter on MAIL. */
export function mailboxIsNonAscii(mailbox: Mailbox): boolean {
  return /[^\x00-\x7f]/.test(mailbox.localPart) || /[^\x00-\x7f]/.test(mailbox.domain);
}
