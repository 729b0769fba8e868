// ESMTP parameters of MAIL and RCPT (RFC 5321 §4.1.2): esmtp-keyword ["=" esmtp-value], separated by
// spaces, with RFC 6531 §3.3 allowing UTF-8 in values. Keywords are returned uppercased; what a
// keyword means is the command's business.

export interface EsmtpParameter {
  readonly keyword: string;
  /** null when the parameter has no "=value". */
  readonly value: string | null;
}

export type ParametersResult =
  | { ok: true; parameters: EsmtpParameter[] }
  | { ok: false; error: 'syntax' | 'duplicate' };

const KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
// esmtp-value = 1*(%d33-60 / %d62-126 / UTF8-non-ascii): no "=", no SP, no controls.
const VALUE = /^[\x21-\x3c\x3e-\x7e\u0080-\u{10ffff}]+$/u;

/** Parses the text after the path. Several spaces between parameters are tolerated. */
export function parseParameters(text: string): ParametersResult {
  const parameters: EsmtpParameter[] = [];
  const seen = new Set<string>();
  for (const token of text.split(' ')) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    const keyword = eq === -1 ? token : token.slice(0, eq);
    const value = eq === -1 ? null : token.slice(eq + 1);
    if (!KEYWORD.test(keyword) || (value !== null && !VALUE.test(value))) return { ok: false, error: 'syntax' };
    const upper = keyword.toUpperCase();
    if (seen.has(upper)) return { ok: false, error: 'duplicate' };
    seen.add(upper);
    parameters.push({ keyword: upper, value });
  }
  return { ok: true, parameters };
}
