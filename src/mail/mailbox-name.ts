// Validation of mailbox names as mail/ stores them (UTF-8; the IMAP layer converts modified UTF-7,
// RFC 3501 §5.1.3). The hierarchy delimiter is "/" (RFC 9051 §5.1.1): no empty level, none at the
// ends; no control characters; no LIST wildcards "%" and "*" (RFC 9051 §5.1 lets a server refuse them,
// as Dovecot does), so every stored name can be matched literally.
import { Buffer } from 'node:buffer';
import { StoreOpError } from '../store/types.ts';
import { canonicalMailboxName } from './queries/mailboxes.ts';
import { HIERARCHY_DELIMITER } from './queries/mailbox-tree.ts';

const MAX_NAME_BYTES = 1000;
const MAX_LEVELS = 16;
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f%*]/u;

/** The canonical name, or StoreOpError('invalid'). */
export function validMailboxName(name: string): string {
  const levels = typeof name === 'string' ? name.split(HIERARCHY_DELIMITER) : [];
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES ||
    FORBIDDEN.test(name) ||
    levels.length > MAX_LEVELS ||
    levels.some((level) => level.length === 0)
  ) {
    throw new StoreOpError('invalid', `not a valid mailbox name: ${JSON.stringify(name)}`, { mailbox: String(name) });
  }
  return canonicalMailboxName(name);
}

/** "a/b/c" → ["a", "a/b"]. */
export function parentNames(name: string): string[] {
  const levels = name.split(HIERARCHY_DELIMITER);
  return levels.slice(1).map((_, index) => levels.slice(0, index + 1).join(HIERARCHY_DELIMITER));
}
