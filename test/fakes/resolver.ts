// A data-driven Resolver for unit tests. A `Zone` is a table of names and their records; the same
// table drives the test DNS server (test/helpers/dns-server.ts), so tests can check the fake against
// node:dns. Semantics, as a real authoritative server has them:
// - a name missing from the table → nxdomain; a name present without records of a type → nodata;
// - `fail: { mx: 'servfail' }` makes that name/type a temporary failure of that reason;
// - names compare case-insensitively and without a trailing dot.
// Every lookup is recorded in `queries` ("mx example.com"), so tests can assert what was asked.
import type { DnsResult, MxRecord, Resolver, TemporaryReason } from '../../src/dns/index.ts';

export type RecordType = 'mx' | 'a' | 'aaaa' | 'txt';

export interface NameRecords {
  mx?: MxRecord[];
  a?: string[];
  aaaa?: string[];
  /** Whole records; the DNS server splits each into 255-octet character-strings. */
  txt?: string[];
  /** Temporary failures by type. */
  fail?: Partial<Record<RecordType, TemporaryReason>>;
}

export type Zone = Record<string, NameRecords>;

export function zoneKey(name: string): string {
  return (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
}

/** Looks `name`/`type` up in `zone` with the semantics above (shared with the DNS server). */
export function lookupZone<T extends RecordType>(zone: Zone, name: string, type: T): DnsResult<NonNullable<NameRecords[T]>[number]> {
  const key = zoneKey(name);
  const entry = Object.entries(zone).find(([n]) => zoneKey(n) === key)?.[1];
  if (!entry) return { kind: 'nxdomain' };
  const reason = entry.fail?.[type];
  if (reason) return { kind: 'temporary', reason, detail: `fake ${reason} for ${type} ${key}` };
  const records = entry[type];
  if (!records || records.length === 0) return { kind: 'nodata' };
  return { kind: 'records', records: [...records] } as DnsResult<NonNullable<NameRecords[T]>[number]>;
}

export class FakeResolver implements Resolver {
  /** Replace or edit freely between lookups. */
  zone: Zone;
  readonly queries: string[] = [];

  constructor(zone: Zone = {}) {
    this.zone = zone;
  }

  async mx(domain: string): Promise<DnsResult<MxRecord>> {
    return this.#lookup(domain, 'mx');
  }

  async a(host: string): Promise<DnsResult<string>> {
    return this.#lookup(host, 'a');
  }

  async aaaa(host: string): Promise<DnsResult<string>> {
    return this.#lookup(host, 'aaaa');
  }

  async txt(name: string): Promise<DnsResult<string>> {
    return this.#lookup(name, 'txt');
  }

  #lookup<T extends RecordType>(name: string, type: T): DnsResult<NonNullable<NameRecords[T]>[number]> {
    this.queries.push(`${type} ${zoneKey(name)}`);
    return lookupZone(this.zone, name, type);
  }
}
