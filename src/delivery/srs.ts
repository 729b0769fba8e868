// Sender Rewriting Scheme (Shevek's SRS specification, as libsrs2 and Postfix's postsrsd implement it):
// when we forward a message to another domain, the envelope sender is rewritten into an address at our
// domain, so SPF checks at the next hop see a sender our servers may send for, and bounces come back to
// us; we then reverse the address and pass the bounce on to the original sender.
//
//   ann@example.org          → SRS0=HHHH=TT=example.org=ann@forwarder.test
//   SRS0=…@first.test        → SRS1=HHHH=first.test==HHHH=TT=example.org=ann@forwarder.test
//   SRS1=…@forwarder.test    → (reverse) SRS0=HHHH=TT=example.org=ann@first.test
//
// HHHH: the first 4 characters of the base64 HMAC-SHA1 (keyed with the secret) over the ASCII-lowercased
// fields — timestamp, domain, local part for SRS0; first forwarder's domain and the rest of the SRS0 local
// part for SRS1 — so a folded-case address still verifies. TT: the day number (Unix time / 86 400) mod
// 1024, as two base32 characters (`A–Z2–7`). Compatible with libsrs2's hashes and timestamps.
//
// Contract:
// - The null reverse-path is never rewritten (a bounce stays a bounce), nor an address without a domain,
//   nor one already in `ourDomain` (libsrs2 without `alwaysrewrite`).
// - `reverse` never throws: it returns the address or why not — `not-srs`, `malformed`, `bad-hash`,
//   `expired` (older than `maxAgeDays`, default 21 as postsrsd; a timestamp in the future wraps to the
//   past, as in libsrs2). The tag, the hash and the timestamp compare case-insensitively, because MTAs
//   may fold the case of local parts. The domain of the SRS address is not checked: the caller only
//   reverses addresses at its own domains.
// - Several secrets allow key rotation: the first signs, every one verifies.
// - A quoted local part (RFC 5321 §4.1.2) is rewritten from its content and the result quoted when it
//   is not a dot-atom, so the output is always a valid address. The rewritten local part may exceed
//   RFC 5321 §4.5.3.1.1's 64 octets, as with every SRS implementation; MTAs accept that in practice.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SrsFailure = 'not-srs' | 'malformed' | 'bad-hash' | 'expired';
export type SrsReverseResult = { ok: true; address: string } | { ok: false; failure: SrsFailure };

export interface SrsOptions {
  /** Secrets, the newest first: the first signs, all verify. The caller stores them. */
  secrets: readonly string[];
  clock: () => Date;
  /** Days an SRS address stays valid for reversing; 1–1023 (timestamps wrap at 1024 days). */
  maxAgeDays?: number | undefined;
}

export interface Srs {
  /** The envelope sender to use when forwarding a message from `sender` out of `ourDomain`. */
  forward(sender: string, ourDomain: string): string;
  /** The address a bounce to the SRS address `address` goes to. */
  reverse(address: string): SrsReverseResult;
}

export const DEFAULT_SRS_MAX_AGE_DAYS = 21;

const HASH_LENGTH = 4;
const TIME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const TIME_SLOTS = 1024;
const DAY_MS = 86_400_000;
/** libsrs2 accepts `=`, `-` and `+` after the SRS0/SRS1 tag; fields are separated by `=`. */
const SRS_TAG = /^SRS([01])[=+-]/i;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+)*$/u;

/** libsrs2 lowercases with C `tolower`: ASCII letters only. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function hash(secret: string, fields: readonly string[]): string {
  const hmac = createHmac('sha1', Buffer.from(secret, 'utf8'));
  for (const field of fields) hmac.update(Buffer.from(asciiLower(field), 'utf8'));
  return hmac.digest('base64').slice(0, HASH_LENGTH);
}

function dayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

function timestamp(date: Date): string {
  const day = dayNumber(date);
  return (TIME_CHARS[(day >> 5) & 31] ?? 'A') + (TIME_CHARS[day & 31] ?? 'A');
}

/** The day slot (0–1023) of a timestamp, or -1 when it is not two base32 characters. */
function decodeTimestamp(stamp: string): number {
  if (stamp.length !== 2) return -1;
  let value = 0;
  for (const char of stamp.toUpperCase()) {
    const digit = TIME_CHARS.indexOf(char);
    if (digit === -1) return -1;
    value = (value << 5) | digit;
  }
  return value;
}

/** RFC 5321 §4.1.2: the content of a quoted local part; a dot-atom as it is. */
function unquote(local: string): string {
  if (local.length >= 2 && local.startsWith('"') && local.endsWith('"')) return local.slice(1, -1).replace(/\\([\s\S])/g, '$1');
  return local;
}

function quoteIfNeeded(local: string): string {
  return DOT_ATOM.test(local) ? local : `"${local.replace(/[\\"]/g, '\\$&')}"`;
}

/** Splits `text` at its first `count` `=` signs; null when there are fewer or a field is empty. */
function fields(text: string, count: number): string[] | null {
  const out: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf('=');
    if (at <= 0) return null;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  if (rest === '') return null;
  out.push(rest);
  return out;
}

/** True for a local part that starts like SRS0/SRS1 (quoted or not); the domain is not looked at. */
export function isSrsAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  return SRS_TAG.test(unquote(at === -1 ? address : address.slice(0, at)));
}

export function createSrs(options: SrsOptions): Srs {
  const secrets = [...options.secrets];
  if (secrets.length === 0 || secrets.some((secret) => secret === '')) throw new Error('SRS needs at least one non-empty secret');
  const maxAge = options.maxAgeDays ?? DEFAULT_SRS_MAX_AGE_DAYS;
  if (!Number.isInteger(maxAge) || maxAge < 1 || maxAge >= TIME_SLOTS) throw new Error('SRS maxAgeDays must be an integer from 1 to 1023');
  const signing = secrets[0] ?? '';

  function verifies(given: string, parts: readonly string[]): boolean {
    const wanted = Buffer.from(given.toLowerCase(), 'utf8');
    return secrets.some((secret) => {
      const made = Buffer.from(hash(secret, parts).toLowerCase(), 'utf8');
      return made.length === wanted.length && timingSafeEqual(made, wanted);
    });
  }

  function expired(stamp: number): boolean {
    let now = dayNumber(options.clock()) % TIME_SLOTS;
    while (now < stamp) now += TIME_SLOTS;
    return now - stamp > maxAge;
  }

  function forward(sender: string, ourDomain: string): string {
    const at = sender.lastIndexOf('@');
    if (sender.trim() === '' || sender.trim() === '<>' || at <= 0) return sender;
    const domain = sender.slice(at + 1);
    if (domain === '' || domain.toLowerCase() === ourDomain.toLowerCase()) return sender;
    const local = unquote(sender.slice(0, at));
    const tag = SRS_TAG.exec(local)?.[1];
    if (tag === '1') {
      // Re-forwarding an SRS1 address: keep the first forwarder's domain and SRS0 part, sign anew.
      const parts = fields(local.slice(5), 2);
      if (parts !== null) {
        const [, host = '', user = ''] = parts;
        return `${quoteIfNeeded(`SRS1=${hash(signing, [host, user])}=${host}=${user}`)}@${ourDomain}`;
      }
    } else if (tag === '0') {
      // Forwarding an SRS0 address: point at its domain (the first forwarder) instead of nesting.
      const user = local.slice(4);
      return `${quoteIfNeeded(`SRS1=${hash(signing, [domain, user])}=${domain}=${user}`)}@${ourDomain}`;
    }
    const stamp = timestamp(options.clock());
    return `${quoteIfNeeded(`SRS0=${hash(signing, [stamp, domain, local])}=${stamp}=${domain}=${local}`)}@${ourDomain}`;
  }

  function reverse(address: string): SrsReverseResult {
    const at = address.lastIndexOf('@');
    const local = unquote(at === -1 ? address : address.slice(0, at));
    const tag = SRS_TAG.exec(local)?.[1];
    if (tag === undefined) return { ok: false, failure: 'not-srs' };
    if (tag === '1') {
      const parts = fields(local.slice(5), 2);
      if (parts === null) return { ok: false, failure: 'malformed' };
      const [given = '', host = '', user = ''] = parts;
      if (!verifies(given, [host, user])) return { ok: false, failure: 'bad-hash' };
      return { ok: true, address: `${quoteIfNeeded(`SRS0${user}`)}@${host}` };
    }
    const parts = fields(local.slice(5), 3);
    if (parts === null) return { ok: false, failure: 'malformed' };
    const [given = '', stamp = '', host = '', user = ''] = parts;
    const day = decodeTimestamp(stamp);
    if (day === -1) return { ok: false, failure: 'malformed' };
    if (!verifies(given, [stamp, host, user])) return { ok: false, failure: 'bad-hash' };
    if (expired(day)) return { ok: false, failure: 'expired' };
    return { ok: true, address: `${quoteIfNeeded(user)}@${host}` };
  }

  return { forward, reverse };
}
