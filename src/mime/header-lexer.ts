// Lexical tokens of structured header fields (RFC 5322 §3.2, RFC 2045 §5.1): words, quoted strings,
// comments, domain literals and single special characters, with folding white space dropped.
// Shared by the address-list parser (ENVELOPE) and the Content-* field parser (BODYSTRUCTURE), which
// differ only in their set of specials. Lenient: an unterminated quoted string, comment or literal runs
// to the end of the value. Never throws.

export interface HeaderToken {
  /** `word`: a run of non-special, non-space characters (atom/token); `special`: one special character. */
  kind: 'word' | 'quoted' | 'comment' | 'literal' | 'special';
  /** Quoted strings and comments without their delimiters, quoted-pairs resolved; literals with brackets. */
  text: string;
  /** White space or a comment came before the token: phrases rebuild their word spacing from it. */
  spaced: boolean;
}

/** RFC 5322 §3.2.3 specials (addresses); `[` starts a domain literal. */
export const ADDRESS_SPECIALS = '()<>[]:;@\\,."';
/** RFC 2045 §5.1 tspecials (Content-Type and friends). */
export const MIME_SPECIALS = '()<>@,;:\\"/[]?=';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** Reads a delimited run from `start` (just after the opener); returns its text and the index after the closer. */
function readDelimited(value: string, start: number, close: string, nests: boolean): { text: string; next: number } {
  let text = '';
  let depth = 0;
  let i = start;
  for (; i < value.length; i++) {
    const c = value[i] ?? '';
    if (c === '\\' && i + 1 < value.length) {
      // RFC 5322 §3.2.1 quoted-pair.
      text += value[++i];
      continue;
    }
    if (nests && c === '(') depth++;
    if (c === close) {
      if (depth === 0) return { text, next: i + 1 };
      depth--;
    }
    text += c;
  }
  return { text, next: i };
}

export function lexHeader(value: string, specials: string): HeaderToken[] {
  const tokens: HeaderToken[] = [];
  let spaced = false;
  let i = 0;
  while (i < value.length) {
    const c = value[i] ?? '';
    if (isSpace(c)) {
      spaced = true;
      i++;
      continue;
    }
    let token: HeaderToken;
    if (c === '(') {
      const { text, next } = readDelimited(value, i + 1, ')', true);
      token = { kind: 'comment', text, spaced };
      i = next;
    } else if (c === '"') {
      const { text, next } = readDelimited(value, i + 1, '"', false);
      token = { kind: 'quoted', text, spaced };
      i = next;
    } else if (c === '[' && specials === ADDRESS_SPECIALS) {
      const close = value.indexOf(']', i);
      const next = close === -1 ? value.length : close + 1;
      token = { kind: 'literal', text: value.slice(i, next), spaced };
      i = next;
    } else if (specials.includes(c)) {
      token = { kind: 'special', text: c, spaced };
      i++;
    } else {
      let end = i;
      while (end < value.length && !isSpace(value[end] ?? '') && !specials.includes(value[end] ?? '') && value[end] !== '(') end++;
      token = { kind: 'word', text: value.slice(i, end), spaced };
      i = end;
    }
    tokens.push(token);
    // A comment separates the tokens around it as white space does (RFC 5322 §3.2.2 CFWS).
    spaced = token.kind === 'comment';
  }
  return tokens;
}
