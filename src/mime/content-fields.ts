// The MIME header fields BODYSTRUCTURE reports: Content-Type (RFC 2045 §5), Content-Disposition
// (RFC 2183), Content-Transfer-Encoding (RFC 2045 §6), Content-Language (RFC 3282). Values are parsed
// leniently, as mail clients do: a malformed field gives null and the caller applies the RFC default.
import { lexHeader, MIME_SPECIALS, type HeaderToken } from './header-lexer.ts';
import type { MimeParams } from './types.ts';

/** More sections than this in one RFC 2231 parameter is hostile input, not a file name. */
const MAX_PARAM_SECTIONS = 1000;
/** RFC 2231 §3: `name*N` or `name*N*` (a numbered section, optionally charset-encoded). */
const SECTION = /^(.+?)\*(\d{1,4})(\*?)$/;

function meaningful(value: string): HeaderToken[] {
  return lexHeader(value, MIME_SPECIALS).filter((t) => t.kind !== 'comment');
}

/** Joins a run of tokens back into one value (an unquoted value with tspecials in it, as many mailers send). */
function joinTokens(tokens: readonly HeaderToken[]): string {
  let out = '';
  for (const [i, token] of tokens.entries()) out += (i > 0 && token.spaced ? ' ' : '') + token.text;
  return out;
}

/**
 * RFC 2231 §3: `name*0`, `name*1`, … are joined into `name`, or into `name*` when the first section is
 * charset-encoded (`name*0*`), keeping the encoded form `charset'language'%XX…` as IMAP servers report it.
 */
function joinContinuations(raw: MimeParams): MimeParams {
  const sections = new Map<string, { extended: boolean; parts: Map<number, string> }>();
  const order: Array<{ plain: [string, string] } | { base: string }> = [];
  for (const [name, value] of raw) {
    const match = SECTION.exec(name);
    const index = match === null ? NaN : Number(match[2]);
    if (match === null || index >= MAX_PARAM_SECTIONS) {
      order.push({ plain: [name, value] });
      continue;
    }
    const base = match[1] ?? '';
    let entry = sections.get(base);
    if (entry === undefined) {
      entry = { extended: false, parts: new Map() };
      sections.set(base, entry);
      order.push({ base });
    }
    if (index === 0) entry.extended = match[3] === '*';
    if (!entry.parts.has(index)) entry.parts.set(index, value);
  }
  const params: MimeParams = [];
  const seen = new Set<string>();
  const add = (name: string, value: string): void => {
    // RFC 2045 §5.1 does not allow a parameter twice; the first one wins.
    if (seen.has(name)) return;
    seen.add(name);
    params.push([name, value]);
  };
  for (const item of order) {
    if ('plain' in item) {
      add(item.plain[0], item.plain[1]);
      continue;
    }
    const entry = sections.get(item.base);
    if (entry === undefined) continue;
    const joined = [...entry.parts].sort(([a], [b]) => a - b).map(([, v]) => v).join('');
    add(entry.extended ? `${item.base}*` : item.base, joined);
  }
  return params;
}

/** `; name=value` pairs after the first tokens of a field (RFC 2045 §5.1 parameter). */
function parseParams(tokens: readonly HeaderToken[]): MimeParams {
  const raw: MimeParams = [];
  let i = 0;
  while (i < tokens.length) {
    const semicolon = tokens.findIndex((t, at) => at >= i && t.kind === 'special' && t.text === ';');
    const end = semicolon === -1 ? tokens.length : semicolon;
    const [name, equals, ...value] = tokens.slice(i, end);
    if (name?.kind === 'word' && equals?.kind === 'special' && equals.text === '=') raw.push([name.text.toLowerCase(), joinTokens(value)]);
    i = end + 1;
  }
  return joinContinuations(raw);
}

function isSemicolon(token: HeaderToken | undefined): boolean {
  return token?.kind === 'special' && token.text === ';';
}

/** Content-Type: `type/subtype *(; param)`; null when the media type is malformed (RFC 2045 §5.2). */
export function parseContentType(value: string): { type: string; subtype: string; params: MimeParams } | null {
  const tokens = meaningful(value);
  const [type, slash, subtype, next] = tokens;
  if (type?.kind !== 'word' || slash?.kind !== 'special' || slash.text !== '/' || subtype?.kind !== 'word') return null;
  if (next !== undefined && !isSemicolon(next)) return null;
  return { type: type.text.toLowerCase(), subtype: subtype.text.toLowerCase(), params: parseParams(tokens.slice(4)) };
}

/** Content-Disposition: `type *(; param)` (RFC 2183 §2); null when there is no disposition type. */
export function parseContentDisposition(value: string): { type: string; params: MimeParams } | null {
  const tokens = meaningful(value);
  const [type, next] = tokens;
  if (type?.kind !== 'word' || (next !== undefined && !isSemicolon(next))) return null;
  return { type: type.text.toLowerCase(), params: parseParams(tokens.slice(2)) };
}

/** Content-Transfer-Encoding mechanism, lowercased (RFC 2045 §6.1: case-insensitive); null when empty. */
export function parseTransferEncoding(value: string): string | null {
  const [first] = meaningful(value);
  return first?.kind === 'word' ? first.text.toLowerCase() : null;
}

/** Content-Language: a comma-separated list of language tags (RFC 3282 §2); null when none. */
export function parseContentLanguage(value: string): string[] | null {
  const tags = meaningful(value).filter((t) => t.kind === 'word').map((t) => t.text);
  return tags.length === 0 ? null : tags;
}
