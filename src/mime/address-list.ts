// RFC 5322 §3.4 address lists (with the obsolete syntax of §4.4) turned into ENVELOPE address
// structures (RFC 3501 §7.4.2 / RFC 9051 §7.5.2). Lenient, like the servers clients are used to:
// - a display name is the phrase as written, quotes removed, encoded words kept (ENVELOPE is not decoded);
//   a bare addr-spec takes its trailing comment as the name (`joe@example.test (Joe)`);
// - groups become a start marker (mailbox = group name, host NIL), the members, and an end marker;
// - a missing local part or domain is reported as `MISSING_MAILBOX` / `MISSING_DOMAIN` (Dovecot's
//   convention), so a host of NIL always means group syntax;
// - items that hold no address at all (stray commas, lone comments) are dropped. Never throws.
import { ADDRESS_SPECIALS, lexHeader, type HeaderToken } from './header-lexer.ts';
import type { EnvelopeAddress } from './types.ts';

const MISSING_MAILBOX = 'MISSING_MAILBOX';
const MISSING_DOMAIN = 'MISSING_DOMAIN';
/** RFC 5322 §3.2.3: a local part with any of these (or white space) must be a quoted string. */
const NEEDS_QUOTES = /[\s()<>[\]:;@\\,"]|^\.|\.$|\.\./;

function isSpecial(token: HeaderToken | undefined, text: string): boolean {
  return token?.kind === 'special' && token.text === text;
}

/** A phrase (display name or group name) as written: words joined by single spaces. */
function phrase(tokens: readonly HeaderToken[]): string | null {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'comment') continue;
    out += (out !== '' && token.spaced ? ' ' : '') + token.text;
  }
  return out === '' ? null : out;
}

/** Joins dot-separated words (local part, domain) without the white space obsolete syntax allows. */
function dotted(tokens: readonly HeaderToken[]): string {
  return tokens.filter((t) => t.kind !== 'comment').map((t) => t.text).join('');
}

function quoteLocalPart(local: string): string {
  return NEEDS_QUOTES.test(local) ? `"${local.replace(/[\\"]/g, '\\$&')}"` : local;
}

/** addr-spec (`local@domain`): the last `@` separates them, as a quoted local part may hold another. */
function addrSpec(tokens: readonly HeaderToken[]): { mailbox: string; host: string } | null {
  const meaningful = tokens.filter((t) => t.kind !== 'comment');
  if (meaningful.length === 0) return null;
  const at = meaningful.findLastIndex((t) => isSpecial(t, '@'));
  const localTokens = at === -1 ? meaningful : meaningful.slice(0, at);
  const local = dotted(localTokens);
  const domain = at === -1 ? '' : dotted(meaningful.slice(at + 1));
  return { mailbox: local === '' ? MISSING_MAILBOX : quoteLocalPart(local), host: domain === '' ? MISSING_DOMAIN : domain };
}

/** One mailbox (name-addr or addr-spec, RFC 5322 §3.4); null when the tokens hold no address. */
function mailbox(tokens: readonly HeaderToken[]): EnvelopeAddress | null {
  const open = tokens.findIndex((t) => isSpecial(t, '<'));
  if (open === -1) {
    const spec = addrSpec(tokens);
    if (spec === null) return null;
    const comment = tokens.findLast((t) => t.kind === 'comment');
    const name = comment === undefined || comment.text.trim() === '' ? null : comment.text.trim();
    return { name, adl: null, ...spec };
  }
  const close = tokens.findIndex((t, i) => i > open && isSpecial(t, '>'));
  const inside = tokens.slice(open + 1, close === -1 ? tokens.length : close);
  // RFC 5322 §4.4 obs-route: `<@a,@b:local@domain>`.
  const colon = isSpecial(inside.find((t) => t.kind !== 'comment'), '@') ? inside.findIndex((t) => isSpecial(t, ':')) : -1;
  const adl = colon === -1 ? null : dotted(inside.slice(0, colon)) || null;
  const spec = addrSpec(inside.slice(colon + 1));
  if (spec === null && phrase(tokens.slice(0, open)) === null) return null;
  return { name: phrase(tokens.slice(0, open)), adl, ...(spec ?? { mailbox: MISSING_MAILBOX, host: MISSING_DOMAIN }) };
}

/** Splits tokens at top-level `stop` specials (a `,` inside `<…>` belongs to an obsolete route). */
function splitItems(tokens: readonly HeaderToken[], stops: string): HeaderToken[][] {
  const items: HeaderToken[][] = [[]];
  let inAngle = false;
  for (const token of tokens) {
    if (isSpecial(token, '<')) inAngle = true;
    else if (isSpecial(token, '>')) inAngle = false;
    if (!inAngle && token.kind === 'special' && stops.includes(token.text)) items.push([]);
    else items.at(-1)?.push(token);
  }
  return items;
}

/** The ENVELOPE form of an address-list field value; null (NIL) when it holds no address. */
export function parseAddressList(value: string): EnvelopeAddress[] | null {
  const tokens = lexHeader(value, ADDRESS_SPECIALS);
  const out: EnvelopeAddress[] = [];
  let i = 0;
  while (i < tokens.length) {
    // A group is a phrase followed by `:` before any `<`, `,` or `@` (RFC 5322 §3.4 group).
    const colon = tokens.findIndex((t, at) => at >= i && t.kind === 'special' && ':<,@'.includes(t.text));
    if (colon !== -1 && isSpecial(tokens[colon], ':')) {
      const end = tokens.findIndex((t, at) => at > colon && isSpecial(t, ';'));
      const stop = end === -1 ? tokens.length : end;
      out.push({ name: null, adl: null, mailbox: phrase(tokens.slice(i, colon)) ?? '', host: null });
      for (const item of splitItems(tokens.slice(colon + 1, stop), ',')) {
        const member = mailbox(item);
        if (member !== null) out.push(member);
      }
      out.push({ name: null, adl: null, mailbox: null, host: null });
      i = stop + 1;
      continue;
    }
    const [item = []] = splitItems(tokens.slice(i), ',;');
    const member = mailbox(item);
    if (member !== null) out.push(member);
    i += item.length + 1;
  }
  return out.length === 0 ? null : out;
}
