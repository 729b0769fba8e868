// Types of outbound route resolution: the settings a route is computed from (mapped from
// `[outbound]` config by the composition root) and the result: ordered delivery candidates for one
// destination, or a failure that is definite (bounce) or temporary (retry).
import type { Resolver } from '../dns/index.ts';

/** How a hop's SMTP session starts TLS; the config's `tls` key of a route. */
export type OutboundTls = 'none' | 'opportunistic' | 'required' | 'implicit';

/** A next hop the administrator configured: a transport route's target, or the smart host. */
export interface NextHop {
  /**
   * `[name]` or an IP address (`192.0.2.1`, `[2001:db8::1]`): connect to that host directly, no MX
   * lookup (an address is used whatever `addressPreference` says). A bare name (`relay.example.com`):
   * deliver to its MX hosts, or to itself when it has none, as Postfix's `smtp:name` does.
   */
  host: string;
  port: number;
  tls: OutboundTls;
  /** SMTP AUTH at the hop, when it needs it. */
  auth: { username: string; password: string } | null;
  /** With `required` or `implicit` TLS: refuse a certificate that does not verify (default true). */
  verifyCertificate?: boolean;
  /** The hop accepts only this sender: envelope and `From:` are rewritten to it (outbound/sender-rewrite.ts). */
  rewriteSender?: string;
}

/** One `[[outbound.routes]]` entry, like a Postfix transport map entry. */
export interface TransportRoute extends NextHop {
  /** `example.com` (that domain only), `.example.com` (its subdomains only) or `*` (every domain). */
  domain: string;
}

/** Which address families a host's addresses are tried in, in order. */
export type AddressPreference = 'ipv6-first' | 'ipv4-first' | 'ipv6-only' | 'ipv4-only';

export interface RouteSettings {
  /** Checked first: the most specific match wins (exact, then nearest `.parent`, then `*`). */
  transports: readonly TransportRoute[];
  /** Every domain no transport matches goes here instead of to its MX hosts. */
  smartHost: NextHop | null;
  /** Port for MX (and implicit MX) delivery: 25, other values for tests. */
  mxPort: number;
  addressPreference: AddressPreference;
  /**
   * Names this server is known by (`hostname` and any others): an MX list that reaches one of them is
   * cut there, and mail to a domain whose best MX is us loops (RFC 5321 §5.1).
   */
  ownHostnames: readonly string[];
  /** Addresses this server receives mail on; an MX host resolving to one of them counts as us. */
  ownAddresses: readonly string[];
  /** MX hosts considered per domain, best first; the rest are ignored (bounds the lookups). */
  maxMxHosts: number;
}

export const DEFAULT_ROUTE_SETTINGS: RouteSettings = {
  transports: [],
  smartHost: null,
  mxPort: 25,
  addressPreference: 'ipv6-first',
  ownHostnames: [],
  ownAddresses: [],
  maxMxHosts: 10,
};

/** One host to try, with its addresses in the order to try them. */
export interface DeliveryCandidate {
  /** The host name (MX exchange, route host) or the IP address text when there is no name. */
  host: string;
  port: number;
  /** At least one. */
  addresses: string[];
}

/** How the candidates were found; a configured hop carries its TLS and AUTH settings. */
export type RouteVia =
  | { kind: 'transport'; route: TransportRoute }
  | { kind: 'smart-host'; hop: NextHop }
  | { kind: 'mx' }
  /** The recipient domain is an address literal (RFC 5321 §4.1.3), e.g. `[192.0.2.1]`. */
  | { kind: 'address-literal' };

/** A route that cannot be used now (`temporary`: retry later) or ever (`permanent`: bounce). */
export interface RouteFailure {
  kind: 'permanent' | 'temporary';
  /** SMTP reply code for logs and the DSN (RFC 5321 §4.2), e.g. 556. */
  code: number;
  /** Enhanced status code (RFC 3463), e.g. "5.1.10". */
  enhanced: string;
  text: string;
}

export type RouteResult =
  | {
      kind: 'deliver';
      via: RouteVia;
      /** In the order to try them; never empty. */
      candidates: DeliveryCandidate[];
      /** Hosts left out and why (for the delivery log), e.g. "mx2.example.com: no addresses (nxdomain)". */
      notes: string[];
    }
  | RouteFailure;

export interface RouteDeps {
  resolver: Resolver;
  /** Uniform in [0, 1): orders MX hosts of equal preference (RFC 5321 §5.1). */
  random: () => number;
}
