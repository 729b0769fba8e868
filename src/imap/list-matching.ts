// LIST and LSUB name matching (RFC 9051 §6.3.9): the reference name and the pattern are joined into
// one canonical pattern; `*` matches any run of characters, `%` any run without the hierarchy
// delimiter. INBOX is case-insensitive (RFC 9051 §5.1), so a pattern beginning with it in any case
// matches the stored name "INBOX".
import { HIERARCHY_DELIMITER } from '../mail/index.ts';

/**
 * The reference and the pattern as one pattern. RFC 9051 §6.3.9 leaves the interpretation of the
 * reference to the server; as in Dovecot, it is a prefix, and a pattern starting with the delimiter
 * is taken as absolute.
 */
export function canonicalPattern(reference: string, pattern: string): string {
  const joined = reference === '' || pattern.startsWith(HIERARCHY_DELIMITER) ? pattern : reference + pattern;
  return /^inbox(?=$|\/)/i.test(joined) ? `INBOX${joined.slice(5)}` : joined;
}

/** A matcher for one canonical pattern. */
export function patternMatcher(pattern: string): (name: string) => boolean {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '%') source += `[^${HIERARCHY_DELIMITER}]*`;
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 'su');
  return (name) => regex.test(name);
}

/** The names that lie above `name` in the hierarchy, nearest last: "a/b/c" → ["a", "a/b"]. */
export function ancestorNames(name: string): string[] {
  const parts = name.split(HIERARCHY_DELIMITER);
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join(HIERARCHY_DELIMITER));
  return out;
}
