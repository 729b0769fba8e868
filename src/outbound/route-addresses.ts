// The addresses of one host, in the order to try them: by family as `addressPreference` says, each
// family in the order the DNS gave (RFC 5321 §5.1: "the SMTP sender MUST try them in the order
// presented"). Both families are asked at once. A family that fails temporarily does not hide the
// other: a host with only IPv4 answers while AAAA timed out is still tried, with a note.
import type { DnsResult, Resolver } from '../dns/index.ts';
import type { AddressPreference } from './types.ts';

export interface HostAddresses {
  addresses: string[];
  /** At least one family's lookup failed temporarily. */
  temporary: boolean;
  /** What went wrong per family, e.g. ["AAAA nodata", "A timeout"]. */
  problems: string[];
}

type Family = 'AAAA' | 'A';

const FAMILIES: Readonly<Record<AddressPreference, readonly Family[]>> = {
  'ipv6-first': ['AAAA', 'A'],
  'ipv4-first': ['A', 'AAAA'],
  'ipv6-only': ['AAAA'],
  'ipv4-only': ['A'],
};

/** True when `family` (4 or 6, as node:net's isIP gives it) may be used at all. */
export function familyAllowed(preference: AddressPreference, family: 4 | 6): boolean {
  return FAMILIES[preference].includes(family === 6 ? 'AAAA' : 'A');
}

export async function resolveHostAddresses(host: string, preference: AddressPreference, resolver: Resolver): Promise<HostAddresses> {
  const families = FAMILIES[preference];
  const results = await Promise.all(families.map((f): Promise<DnsResult<string>> => (f === 'AAAA' ? resolver.aaaa(host) : resolver.a(host))));
  const out: HostAddresses = { addresses: [], temporary: false, problems: [] };
  results.forEach((result, i) => {
    if (result.kind === 'records') out.addresses.push(...result.records);
    else {
      out.problems.push(`${families[i]} ${result.kind === 'temporary' ? result.reason : result.kind}`);
      if (result.kind === 'temporary') out.temporary = true;
    }
  });
  return out;
}
