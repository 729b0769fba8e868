// The Resolver over node:dns (c-ares): plain queries (no search list, no /etc/hosts) sent to the
// configured servers, or to the system's resolvers (/etc/resolv.conf) when none are configured.
//
// Invariants:
// - Never throws: every node:dns error code maps to a DnsResult kind (see `classify`); an unknown
//   code is temporary.
// - Bounded: c-ares gives each server `timeoutMs` per try, `tries` times, with `maxTimeout` =
//   `timeoutMs` capping its back-off; measured with c-ares 1.34, a server that never answers ends the
//   lookup after about (tries + 1) × timeoutMs (2 tries of 2 s: 6 s), per configured server.
// - An invalid name (see `toDnsName`) is `nxdomain` without a query.
import { promises as dns } from 'node:dns';
import { toDnsName } from './names.ts';
import { formatDnsServer, parseDnsServer } from './servers.ts';
import type { DnsResult, MxRecord, Resolver, TemporaryReason } from './types.ts';

export interface NodeResolverOptions {
  /** `[dns] servers`; empty = the system's resolvers. */
  servers: readonly string[];
  /** Time each server gets per try (default 2000 ms). */
  timeoutMs?: number;
  /** Tries per server (default 2). */
  tries?: number;
}

export const DEFAULT_DNS_TIMEOUT_MS = 2000;
export const DEFAULT_DNS_TRIES = 2;

type Outcome = { kind: 'nxdomain' } | { kind: 'nodata' } | { kind: 'temporary'; reason: TemporaryReason; detail: string };

// node:dns error codes (c-ares status names, https://nodejs.org/api/dns.html#error-codes).
const DEFINITE: Readonly<Record<string, 'nxdomain' | 'nodata'>> = {
  ENOTFOUND: 'nxdomain', // RCODE 3 NXDOMAIN
  ENODATA: 'nodata', // NOERROR without answers of the type
  EBADNAME: 'nxdomain', // not a valid name, so no such domain can exist
};
const TEMPORARY: Readonly<Record<string, TemporaryReason>> = {
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
  ETIMEOUT: 'timeout',
  ECONNREFUSED: 'network',
};

/** Maps a node:dns rejection to a result kind; anything unrecognised is temporary. */
function classify(error: unknown): Outcome {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  const definite = DEFINITE[code];
  if (definite) return { kind: definite };
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: 'temporary', reason: TEMPORARY[code] ?? 'error', detail };
}

export class NodeResolver implements Resolver {
  readonly #resolver: dns.Resolver;

  /** Throws when a server entry is not an IP address with an optional port. */
  constructor(options: NodeResolverOptions) {
    const timeout = options.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS;
    this.#resolver = new dns.Resolver({ timeout, tries: options.tries ?? DEFAULT_DNS_TRIES, maxTimeout: timeout });
    if (options.servers.length > 0) {
      this.#resolver.setServers(
        options.servers.map((text) => {
          const server = parseDnsServer(text);
          if (!server) throw new Error(`invalid DNS server "${text}": expected an IP address, optionally with :port ([IPv6]:port)`);
          return formatDnsServer(server);
        }),
      );
    }
  }

  mx(domain: string): Promise<DnsResult<MxRecord>> {
    return this.#query(domain, async (name) =>
      (await this.#resolver.resolveMx(name)).map((r) => ({ preference: r.priority, exchange: withoutTrailingDot(r.exchange) })),
    );
  }

  a(host: string): Promise<DnsResult<string>> {
    return this.#query(host, (name) => this.#resolver.resolve4(name));
  }

  aaaa(host: string): Promise<DnsResult<string>> {
    return this.#query(host, (name) => this.#resolver.resolve6(name));
  }

  txt(name: string): Promise<DnsResult<string>> {
    return this.#query(name, async (n) => (await this.#resolver.resolveTxt(n)).map((strings) => strings.join('')));
  }

  async #query<T>(name: string, lookup: (name: string) => Promise<T[]>): Promise<DnsResult<T>> {
    const dnsName = toDnsName(name);
    if (dnsName === null) return { kind: 'nxdomain' };
    try {
      const records = await lookup(dnsName);
      return records.length > 0 ? { kind: 'records', records } : { kind: 'nodata' };
    } catch (error) {
      return classify(error);
    }
  }
}

function withoutTrailingDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
