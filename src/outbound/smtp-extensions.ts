// What a server offers, read from its EHLO reply (RFC 5321 §4.1.1.1: the first line names the server,
// each further line is a keyword with optional parameters). Keywords are case-insensitive.
// A HELO session (EHLO refused) offers nothing: NO_EXTENSIONS.

export interface ServerExtensions {
  readonly starttls: boolean; // RFC 3207
  readonly pipelining: boolean; // RFC 2920
  readonly eightBitMime: boolean; // RFC 6152
  readonly smtpUtf8: boolean; // RFC 6531
  readonly dsn: boolean; // RFC 3461
  /** SIZE (RFC 1870): null when not offered, 0 when offered without a fixed limit. */
  readonly size: number | null;
  /** SASL mechanisms from AUTH (RFC 4954 §3), upper case. */
  readonly auth: readonly string[];
  /** LIMITS RCPTMAX (RFC 9422 §4.2): the most recipients one transaction takes; null when not said. */
  readonly rcptMax: number | null;
}

export const NO_EXTENSIONS: ServerExtensions = {
  starttls: false,
  pipelining: false,
  eightBitMime: false,
  smtpUtf8: false,
  dsn: false,
  size: null,
  auth: [],
  rcptMax: null,
};

export function parseEhloReply(lines: readonly string[]): ServerExtensions {
  const keywords = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    // RFC 4954 §3 keeps the old "AUTH=PLAIN LOGIN" form of some servers readable too.
    const [keyword = '', ...params] = line.trim().split(/[\s=]+/);
    if (keyword !== '') keywords.set(keyword.toUpperCase(), params);
  }
  const size = keywords.get('SIZE');
  const sizeLimit = size?.[0] !== undefined && /^\d+$/.test(size[0]) ? Number(size[0]) : 0;
  return {
    starttls: keywords.has('STARTTLS'),
    pipelining: keywords.has('PIPELINING'),
    eightBitMime: keywords.has('8BITMIME'),
    smtpUtf8: keywords.has('SMTPUTF8'),
    dsn: keywords.has('DSN'),
    size: size === undefined ? null : sizeLimit,
    auth: (keywords.get('AUTH') ?? []).map((mechanism) => mechanism.toUpperCase()),
    rcptMax: rcptMax(lines),
  };
}

/** RFC 9422 §3: "LIMITS RCPTMAX=50 MAILMAX=1000"; a value must be a positive integer. */
function rcptMax(lines: readonly string[]): number | null {
  for (const line of lines.slice(1)) {
    const m = /^LIMITS\b(.*)$/i.exec(line.trim());
    const value = m && /(?:^|\s)RCPTMAX=(\d{1,9})(?:\s|$)/i.exec(m[1] ?? '');
    if (value && Number(value[1]) > 0) return Number(value[1]);
  }
  return null;
}
