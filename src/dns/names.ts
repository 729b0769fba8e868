// Domain names as the DNS sees them. Mail addresses may carry U-labels (RFC 6531 SMTPUTF8); lookups
// need A-labels (RFC 5890 §2.3.2.1), lower-cased, without a trailing dot, so names compare as strings.
import { domainToASCII } from 'node:url';

const MAX_NAME = 253; // RFC 1035 §2.3.4: 255 octets on the wire, i.e. 253 characters in text form
const MAX_LABEL = 63; // RFC 1035 §2.3.4
// RFC 1123 §2.1 letters, digits, hyphen; plus '_' for underscore-scoped names (RFC 8552: _dmarc, _domainkey).
const LABEL = /^[a-z0-9_-]+$/;

/**
 * The lookup form of `name` (A-labels, lower case, no trailing dot), or null when it cannot be a DNS
 * name: empty or over-long labels, an over-long name, characters outside letters/digits/'-'/'_'.
 */
export function toDnsName(name: string): string | null {
  let text = name.endsWith('.') ? name.slice(0, -1) : name;
  // Only names with non-ASCII characters go through IDNA: domainToASCII also percent-decodes, which an
  // ASCII name must never get.
  if (/[^\x00-\x7f]/.test(text)) {
    text = domainToASCII(text);
    if (text === '') return null;
  }
  text = text.toLowerCase();
  if (text.length === 0 || text.length > MAX_NAME) return null;
  for (const label of text.split('.')) {
    if (label.length === 0 || label.length > MAX_LABEL || !LABEL.test(label)) return null;
  }
  return text;
}
