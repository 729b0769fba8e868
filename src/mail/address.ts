// Validation and normalisation of the names mail/ stores: domains, account and alias addresses.
// Everything is stored lowercased (local parts are case-insensitive here, as in Postfix and Dovecot);
// a malformed name is StoreOpError('invalid').
import { StoreOpError } from '../store/types.ts';

/** RFC 1035 §2.3.1 / RFC 1123 §2.1 label: letters, digits, inner hyphens; ≤ 63 octets. U-labels pass. */
const LABEL = /^[a-z0-9\u0080-\uffff](?:[a-z0-9\u0080-\uffff-]{0,61}[a-z0-9\u0080-\uffff])?$/;
/** RFC 5322 §3.2.3 dot-atom (with RFC 6531 UTF-8); quoted local parts are not accepted for mailboxes. */
const DOT_ATOM = /^[a-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+(?:\.[a-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+)*$/;
/** RFC 5321 §4.5.3.1.1 and §4.5.3.1.2. */
const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 253;

/** Lowercases for lookups; never throws (a malformed name simply finds nothing). */
export function lookupForm(name: string): string {
  return name.trim().toLowerCase();
}

export function normaliseDomain(name: string): string {
  const domain = lookupForm(name);
  if (domain.length === 0 || domain.length > MAX_DOMAIN || !domain.split('.').every((label) => LABEL.test(label))) {
    throw new StoreOpError('invalid', `not a valid domain name: ${JSON.stringify(name)}`);
  }
  return domain;
}

export interface MailAddress {
  address: string;
  local: string;
  domain: string;
}

/** `Local@Example.COM` → `local@example.com`. */
export function normaliseAddress(address: string): MailAddress {
  const lowered = lookupForm(address);
  const at = lowered.lastIndexOf('@');
  const local = lowered.slice(0, Math.max(at, 0));
  if (at <= 0 || local.length > MAX_LOCAL_PART || !DOT_ATOM.test(local)) {
    throw new StoreOpError('invalid', `not a valid address (local@domain): ${JSON.stringify(address)}`);
  }
  const domain = normaliseDomain(lowered.slice(at + 1));
  return { address: `${local}@${domain}`, local, domain };
}

/** An alias address: `local@domain`, or `@domain` for the domain's catch-all. */
export function normaliseAliasAddress(address: string): MailAddress {
  const lowered = lookupForm(address);
  if (lowered.startsWith('@')) {
    const domain = normaliseDomain(lowered.slice(1));
    return { address: `@${domain}`, local: '', domain };
  }
  return normaliseAddress(lowered);
}
