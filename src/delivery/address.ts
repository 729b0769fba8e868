// Mail addresses as the delivery path compares them: `local@domain`, both parts lowercased.
// Local parts are case-insensitive here, as in Postfix and Dovecot by default (RFC 5321 §2.4 leaves it
// to the receiving host). Domains are lowercased as given: IDNA A-labels (`xn--…`) stay A-labels and
// U-labels stay Unicode; no conversion between them happens here.

export interface AddressParts {
  /** Lowercased local part; quoted only when it is not a valid dot-atom (RFC 5321 §4.1.2). */
  local: string;
  /** Lowercased domain; '' for an address without one (a bare `postmaster`, RFC 5321 §4.5.1). */
  domain: string;
}

/** RFC 5322 §3.2.3 dot-atom: atext runs separated by single dots. */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+)*$/;

/**
 * RFC 5321 §4.1.2: `"abc"@d` and `abc@d` name the same mailbox, so a quoted local part whose content
 * is a dot-atom is unquoted; any other keeps its quotes, with `\` and `"` escaped minimally.
 */
function canonicalLocal(local: string): string {
  if (!(local.length >= 2 && local.startsWith('"') && local.endsWith('"'))) return local.toLowerCase();
  const content = local.slice(1, -1).replace(/\\([\s\S])/g, '$1').toLowerCase();
  if (DOT_ATOM.test(content)) return content;
  return `"${content.replace(/[\\"]/g, '\\$&')}"`;
}

/** Splits at the last `@` (a quoted local part may itself contain `@`). Never fails. */
export function splitAddress(address: string): AddressParts {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  if (at === -1) return { local: canonicalLocal(trimmed), domain: '' };
  return { local: canonicalLocal(trimmed.slice(0, at)), domain: trimmed.slice(at + 1).toLowerCase() };
}

export function joinAddress(parts: AddressParts): string {
  return parts.domain === '' ? parts.local : `${parts.local}@${parts.domain}`;
}

/** The form addresses are stored and looked up in: `Local@Example.COM` → `local@example.com`. */
export function normaliseAddress(address: string): string {
  return joinAddress(splitAddress(address));
}

/**
 * A remote recipient as it is relayed: only the destination host may treat a local part as
 * case-insensitive (RFC 5321 §2.4), so only the domain is lowercased.
 */
export function relayAddress(address: string): string {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  return at === -1 ? trimmed : trimmed.slice(0, at + 1) + trimmed.slice(at + 1).toLowerCase();
}

/**
 * RFC 5233 §1 subaddress: `user+detail` → user `user`, detail `detail`, split at the first delimiter
 * (as Sieve's subaddress extension and Postfix's recipient_delimiter do). Undefined when the delimiter
 * is '' (disabled), absent, at the start (no user part), or the local part is quoted.
 */
export function splitSubaddress(local: string, delimiter: string): { user: string; detail: string } | undefined {
  if (delimiter === '' || local.startsWith('"')) return undefined;
  const at = local.indexOf(delimiter.toLowerCase());
  if (at <= 0) return undefined;
  return { user: local.slice(0, at), detail: local.slice(at + delimiter.length) };
}
