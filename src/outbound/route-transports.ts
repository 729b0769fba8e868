// Transport route matching, like Postfix's transport(5) map with `parent_domain_matches_subdomains`
// off: `example.com` matches that domain only, `.example.com` matches its subdomains only, `*` matches
// every domain. The most specific match wins whatever the order of the list: the exact domain, then
// the nearest parent (`.b.example.com` before `.example.com`), then `*`; among equal patterns the
// first listed wins. Patterns compare case-insensitively, in A-label form.
import { toDnsName } from '../dns/index.ts';
import type { Destination } from './route-hosts.ts';
import type { TransportRoute } from './types.ts';

/** The comparable form of a route's `domain`, or null when it is not a valid pattern. */
function patternKey(pattern: string): string | null {
  if (pattern === '*') return '*';
  if (pattern.startsWith('[')) return /^\[[^\]]+\]$/.test(pattern) ? pattern.toLowerCase() : null;
  if (pattern.startsWith('.')) {
    const parent = toDnsName(pattern.slice(1));
    return parent === null ? null : `.${parent}`;
  }
  return toDnsName(pattern);
}

/** True when `pattern` can be a route's `domain` (for config validation). */
export function isValidTransportDomain(pattern: string): boolean {
  return patternKey(pattern) !== null;
}

/** The route for `destination`, or null when none matches. */
export function matchTransport(destination: Destination, routes: readonly TransportRoute[]): TransportRoute | null {
  const keyed = routes.map((route) => ({ key: patternKey(route.domain), route }));
  const find = (key: string): TransportRoute | null => keyed.find((r) => r.key === key)?.route ?? null;
  if (destination.kind === 'address-literal') return find(destination.key) ?? find('*');
  const exact = find(destination.name);
  if (exact) return exact;
  const labels = destination.name.split('.');
  for (let i = 1; i < labels.length; i++) {
    const parent = find(`.${labels.slice(i).join('.')}`);
    if (parent) return parent;
  }
  return find('*');
}
