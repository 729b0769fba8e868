// Which certificate answers a handshake (SNI, RFC 6066 §3), decided the same way for the server and
// for `cert list`:
//
// 1. A client's server name is looked up among the exact names of every certificate, then among the
//    wildcards (`*.example.com` for `mx.example.com`, one label deep, RFC 6125 §6.4.3); one valid now
//    wins over one that is not, exact or wildcard.
// 2. No name, or no certificate for it: the default. The default is the `[tls]` certificate — unless
//    another certificate also holds the default certificate's first name (normally `hostname`); then
//    the best of those is the default. So a certificate imported or obtained for the server's own
//    name replaces the self-signed bootstrap certificate for every client, without a config change.
// 3. Among several certificates for one name the best wins: one valid now over an expired (or not
//    yet valid) one, a CA-issued over a self-signed one, then store over `[[tls.certificates]]` over
//    `[tls]` (the store holds what was imported or renewed last), then the later expiry.
//
// Validity is judged at each handshake (`now`), so a certificate that expires while the server runs
// gives way to a valid one for the same name without a reload.
import { isCurrentlyValid, type CertificateSource, type LoadedCertificate } from './loaded-certificate.ts';
import { isWildcardName, normalizeHostName } from './names.ts';

export interface Selectable {
  readonly certificate: LoadedCertificate;
}

/** How one certificate is used: as the default, and for which of its names. */
export interface CertificateUsage<T extends Selectable = Selectable> {
  readonly entry: T;
  /** Served to clients that send no server name, or one no certificate holds. */
  readonly isDefault: boolean;
  /** Its names for which SNI picks it (names a better certificate also holds are left out). */
  readonly servedNames: readonly string[];
}

const SOURCE_RANK: Record<CertificateSource, number> = { store: 0, config: 1, default: 2 };

/** Static preference (validity is judged per handshake on top of it). */
function preference(a: LoadedCertificate, b: LoadedCertificate): number {
  return (
    Number(a.isSelfSigned) - Number(b.isSelfSigned) ||
    SOURCE_RANK[a.source] - SOURCE_RANK[b.source] ||
    b.notAfter.getTime() - a.notAfter.getTime() ||
    a.name.localeCompare(b.name)
  );
}

/** The `.example.com` a wildcard `*.example.com` stands for, or that a host name's parent is. */
function parentSuffix(name: string): string | undefined {
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(dot) : undefined;
}

export class CertificateSelection<T extends Selectable> {
  readonly #entries: readonly T[];
  readonly #default: T | undefined;
  readonly #exact = new Map<string, T[]>();
  readonly #wildcard = new Map<string, T[]>();

  /** `defaultEntry` is the `[tls]` certificate (absent only when `cert list` could not load it). */
  constructor(entries: readonly T[], defaultEntry: T | undefined) {
    this.#entries = [...entries].sort((a, b) => preference(a.certificate, b.certificate));
    this.#default = defaultEntry;
    for (const entry of this.#entries) {
      for (const name of entry.certificate.names) {
        const index = isWildcardName(name) ? this.#wildcard : this.#exact;
        const key = isWildcardName(name) ? name.slice(1) : name;
        const list = index.get(key) ?? [];
        if (!list.includes(entry)) list.push(entry);
        index.set(key, list);
      }
    }
  }

  /** The certificate for a client's server name (undefined: the client sent none). */
  select(servername: string | undefined, now: Date): T {
    if (servername !== undefined && servername !== '') {
      const name = normalizeHostName(servername);
      const suffix = parentSuffix(name);
      // Exact names before wildcards, but a valid wildcard before an expired exact name.
      const candidates = [...(this.#exact.get(name) ?? []), ...((suffix === undefined ? undefined : this.#wildcard.get(suffix)) ?? [])];
      if (candidates.length > 0) return best(candidates, now);
    }
    return this.defaultEntry(now);
  }

  /** What clients without a (known) server name get; see the module comment. */
  defaultEntry(now: Date): T {
    const base = this.#default;
    if (base === undefined) {
      if (this.#entries.length === 0) throw new Error('no certificate loaded');
      return best(this.#entries, now);
    }
    const primary = base.certificate.names[0];
    return primary === undefined ? base : best(this.#candidatesFor(primary) ?? [base], now);
  }

  /** For each certificate: whether it is the default and which of its names it serves. */
  usage(now: Date): Array<CertificateUsage<T>> {
    const fallback = this.defaultEntry(now);
    return this.#entries.map((entry) => ({
      entry,
      isDefault: entry === fallback,
      servedNames: entry.certificate.names.filter((name) => {
        const candidates = this.#candidatesFor(name);
        return candidates !== undefined && best(candidates, now) === entry;
      }),
    }));
  }

  /** Every certificate, best first. */
  get entries(): readonly T[] {
    return this.#entries;
  }

  /** The certificates holding exactly this name (a wildcard name: the certificates with that wildcard). */
  #candidatesFor(name: string): T[] | undefined {
    return isWildcardName(name) ? this.#wildcard.get(name.slice(1)) : this.#exact.get(name);
  }
}

/** The first valid one of candidates sorted by preference; the most preferred when none is valid. */
function best<T extends Selectable>(candidates: readonly T[], now: Date): T {
  return candidates.find((entry) => isCurrentlyValid(entry.certificate, now)) ?? candidates[0]!;
}
