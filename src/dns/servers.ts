// `[dns] servers` entries: an IP address with an optional port, "192.0.2.53", "192.0.2.53:5353",
// "2001:db8::53" or "[2001:db8::53]:5353" (RFC 3986 §3.2.2 brackets an IPv6 address that has a port).
// Host names are not accepted: the resolver that would resolve them is the one being configured.
import { isIP } from 'node:net';

export interface DnsServerAddress {
  address: string;
  port: number;
}

const DEFAULT_PORT = 53;

/** Parses one `[dns] servers` entry; null when it is not an IP address with an optional port 1–65535. */
export function parseDnsServer(text: string): DnsServerAddress | null {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) return checked(bracketed[1]!, bracketed[2], 6);
  if (isIP(text) === 6) return { address: text, port: DEFAULT_PORT };
  const v4 = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  if (v4) return checked(v4[1]!, v4[2], 4);
  return null;
}

function checked(address: string, port: string | undefined, family: 4 | 6): DnsServerAddress | null {
  if (isIP(address) !== family) return null;
  const number = port === undefined ? DEFAULT_PORT : Number(port);
  if (!Number.isInteger(number) || number < 1 || number > 65535) return null;
  return { address, port: number };
}

/** The form node:dns `setServers` takes (it brackets IPv6 only when a port follows). */
export function formatDnsServer(server: DnsServerAddress): string {
  return isIP(server.address) === 6 ? `[${server.address}]:${server.port}` : `${server.address}:${server.port}`;
}
