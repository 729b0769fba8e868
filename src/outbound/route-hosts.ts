// The names in a route: the destination domain of a recipient and the host of a configured next hop,
// parsed into what the resolver needs. Pure functions.
import { isIP } from 'node:net';
import { toDnsName } from '../dns/index.ts';

export type Destination =
  | { kind: 'domain'; name: string }
  /** RFC 5321 §4.1.3 address literal: `[192.0.2.1]` or `[IPv6:2001:db8::1]`; `key` is its lower-case text. */
  | { kind: 'address-literal'; address: string; key: string };

/** The recipient domain as routing sees it; null when it is neither a host name nor an address literal. */
export function parseDestination(domain: string): Destination | null {
  const literal = /^\[(.*)\]$/.exec(domain);
  if (literal) {
    const inner = literal[1]!;
    const v6 = /^ipv6:(.*)$/i.exec(inner);
    const address = v6 ? v6[1]! : inner;
    if (isIP(address) !== (v6 ? 6 : 4)) return null;
    return { kind: 'address-literal', address, key: domain.toLowerCase() };
  }
  const name = toDnsName(domain);
  return name === null ? null : { kind: 'domain', name };
}

export type HopTarget =
  /** An IP address: connect to it. */
  | { kind: 'address'; address: string }
  /** `[name]`: connect to the name's addresses, no MX lookup. */
  | { kind: 'host'; name: string }
  /** A bare name: look up its MX records, as for a recipient domain. */
  | { kind: 'mx'; name: string };

/** Parses a `NextHop.host` (Postfix nexthop syntax without the port); null when malformed. */
export function parseHopHost(host: string): HopTarget | null {
  const bracketed = /^\[(.*)\]$/.exec(host);
  const inner = bracketed ? bracketed[1]! : host;
  if (isIP(inner) !== 0) return { kind: 'address', address: inner };
  const name = toDnsName(inner);
  if (name === null) return null;
  return bracketed ? { kind: 'host', name } : { kind: 'mx', name };
}

/** True when `host` can be a route's or the smart host's `host` (for config validation). */
export function isValidHopHost(host: string): boolean {
  return parseHopHost(host) !== null;
}
