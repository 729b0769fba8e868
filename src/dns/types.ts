// The DNS contract every service uses (outbound routing now; SPF, DKIM, DMARC, DNSBL and doctor later).
// A `Resolver` never throws for an answer the DNS gave or failed to give: every lookup resolves to a
// `DnsResult`, so callers must decide what each outcome means for them.
//
// Invariants:
// - `records` always holds at least one record; an empty answer is `nodata`.
// - `nxdomain` and `nodata` are definite (authoritative) answers: outbound bounces on them.
// - Everything else that went wrong (SERVFAIL, REFUSED, timeout, unreachable server, a response the
//   resolver could not parse, an unknown error) is `temporary`: outbound retries later. Unknown is
//   temporary, never definite.
// - Names are given and returned without a trailing dot, in ASCII (A-labels, RFC 5890); a lookup of a
//   name that is not a valid DNS name (RFC 1035 §2.3.4 lengths, empty labels) is `nxdomain`.

/** One MX record (RFC 1035 §3.3.9). `exchange` is `''` for the root, i.e. a null MX (RFC 7505 §3). */
export interface MxRecord {
  preference: number;
  exchange: string;
}

/** Why a lookup failed temporarily. */
export type TemporaryReason =
  | 'servfail' // the server answered SERVFAIL (RFC 1035 §4.1.1 RCODE 2)
  | 'refused' // the server answered REFUSED (RCODE 5)
  | 'timeout' // no answer within the configured timeout and tries
  | 'network' // the server could not be reached (connection refused, unreachable)
  | 'error'; // anything else: malformed response, NOTIMP, FORMERR, resolver shut down, unknown

export type DnsResult<T> =
  /** The name has records of the asked type. */
  | { kind: 'records'; records: T[] }
  /** NXDOMAIN (RCODE 3, RFC 1035 §4.1.1): the name does not exist. Definite. */
  | { kind: 'nxdomain' }
  /** NOERROR with no records of the asked type (RFC 2308 §2.2 "NODATA"): the name exists. Definite. */
  | { kind: 'nodata' }
  /** No definite answer now; asking again later may succeed. `detail` is for logs. */
  | { kind: 'temporary'; reason: TemporaryReason; detail: string };

/** The lookups Mailstead makes. Implementations: `NodeResolver` (node:dns), the test fake. */
export interface Resolver {
  /** MX records of `domain`, in the order the DNS gave them (callers sort by preference). */
  mx(domain: string): Promise<DnsResult<MxRecord>>;
  /** IPv4 addresses (A records) of `host`, dotted quads. */
  a(host: string): Promise<DnsResult<string>>;
  /** IPv6 addresses (AAAA records) of `host`, in the form node:net prints them. */
  aaaa(host: string): Promise<DnsResult<string>>;
  /**
   * TXT records of `name`, one string per record: a record's character-strings are concatenated
   * without separators, as SPF (RFC 7208 §3.3), DKIM (RFC 6376 §3.6.2.2) and DMARC read them.
   */
  txt(name: string): Promise<DnsResult<string>>;
}
