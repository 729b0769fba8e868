// The version in package.json (for `mailstead --version` and the IMAP ID response, RFC 2971).
import { readFileSync } from 'node:fs';

/** src/util and dist/util both sit two levels below the package root. */
export function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
