// Turning an MX RRset into the ordered list of hosts to try (RFC 5321 §5.1). Pure functions; the
// random source is injected so tests can fix the order among equal preferences.
//
// - Lower preference first; hosts of equal preference in random order ("MUST randomize", §5.1).
// - The root exchange `.` is a null MX (RFC 7505 §3). An RRset of null MX records only means "no
//   mail"; a null MX mixed with real ones (which RFC 7505 §3 forbids) is ignored and the others used.
// - An exchange must be a host name (RFC 1035 §3.3.9, RFC 2181 §10.3): one that is an IP address or
//   not a valid name is skipped with a note, as Exim does without `allow_mx_to_ip`.
// - A host listed twice keeps its best preference.
import { isIP } from 'node:net';
import { toDnsName, type MxRecord } from '../dns/index.ts';

export interface MxHost {
  name: string;
  preference: number;
}

export type MxList = { kind: 'null-mx' } | { kind: 'hosts'; hosts: MxHost[]; notes: string[] };

export function orderMxHosts(records: readonly MxRecord[], random: () => number): MxList {
  const best = new Map<string, number>();
  const notes: string[] = [];
  let nullRecords = 0;
  for (const record of records) {
    if (record.exchange === '' || record.exchange === '.') {
      nullRecords++;
      continue;
    }
    const bare = record.exchange.replace(/^\[(.*)\]$/, '$1');
    const name = isIP(bare) === 0 ? toDnsName(record.exchange) : null;
    if (name === null) {
      notes.push(`ignored MX ${record.exchange}: not a host name`);
      continue;
    }
    const known = best.get(name);
    if (known === undefined || record.preference < known) best.set(name, record.preference);
  }
  if (nullRecords > 0 && nullRecords === records.length) return { kind: 'null-mx' };
  if (nullRecords > 0) notes.push('ignored null MX listed with other MX records');
  const hosts = [...best].map(([name, preference]) => ({ name, preference }));
  return { kind: 'hosts', hosts: shuffleEqualPreferences(hosts, random), notes };
}

/** Sorted by preference; each run of equal preference shuffled (Fisher–Yates). */
function shuffleEqualPreferences(hosts: MxHost[], random: () => number): MxHost[] {
  const sorted = [...hosts].sort((x, y) => x.preference - y.preference || (x.name < y.name ? -1 : 1));
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end < sorted.length && sorted[end]!.preference === sorted[start]!.preference) end++;
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.min(Math.floor(random() * (i - start + 1)), i - start);
      [sorted[i], sorted[j]] = [sorted[j]!, sorted[i]!];
    }
    start = end;
  }
  return sorted;
}

/**
 * RFC 5321 §5.1: when the list names us, "all records at that preference level and higher-numbered
 * ones MUST be discarded". `cut` tells whether that happened; an empty result after a cut is a loop.
 */
export function cutAtSelf<T extends MxHost>(hosts: readonly T[], isSelf: (host: T) => boolean): { hosts: T[]; cut: boolean } {
  const own = hosts.filter(isSelf).map((h) => h.preference);
  if (own.length === 0) return { hosts: [...hosts], cut: false };
  const level = Math.min(...own);
  return { hosts: hosts.filter((h) => h.preference < level), cut: true };
}
