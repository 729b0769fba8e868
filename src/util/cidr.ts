// Client-address matching against CIDR lists (relay networks, later bans and allow lists).
import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Accepts "192.0.2.0/24", "2001:db8::/32" or a single address. */
export function isValidCidr(text: string): boolean {
  return parseRange(text) !== undefined;
}

function parseRange(text: string): Range | undefined {
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const addr = ipaddr.parse(text);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

/** IPv4-mapped IPv6 addresses ("::ffff:192.0.2.1", as dual-stack sockets report them) match IPv4 ranges. */
function normalise(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    return ipaddr.process(address);
  } catch {
    return undefined;
  }
}

export class NetworkList {
  readonly #ranges: Range[];
  constructor(cidrs: readonly string[]) {
    this.#ranges = cidrs.map((c) => {
      const r = parseRange(c);
      if (!r) throw new Error(`not an address or CIDR network: ${c}`);
      return r;
    });
  }
  contains(address: string): boolean {
    const addr = normalise(address);
    if (!addr) return false;
    return this.#ranges.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
  }
}

/** The address as it is logged and written in Received headers: IPv4-mapped forms unwrapped. */
export function displayAddress(address: string): string {
  return normalise(address)?.toString() ?? address;
}
