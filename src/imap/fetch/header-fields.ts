// Header sections as lists of fields (RFC 5322 §2.2: a field runs on over lines that start with white
// space), for BODY[HEADER.FIELDS (…)] / HEADER.FIELDS.NOT (RFC 9051 §6.4.5), SEARCH HEADER and the
// References field of THREAD=REFERENCES. Works on the raw octets of one header section.

export interface RawHeaderField {
  /** Field name upper-cased. */
  readonly name: string;
  /** The whole field, continuation lines and line ends included. */
  readonly raw: Buffer;
}

const CRLF = Buffer.from('\r\n');
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;

/** The fields of a header section, stopping at the empty line that ends it. */
export function splitHeaderFields(header: Buffer): RawHeaderField[] {
  const fields: RawHeaderField[] = [];
  let start = 0;
  let fieldStart = -1;
  const close = (end: number): void => {
    if (fieldStart === -1) return;
    const raw = header.subarray(fieldStart, end);
    const colon = raw.indexOf(COLON);
    const name = colon === -1 ? '' : raw.toString('latin1', 0, colon).trim().toUpperCase();
    if (name !== '') fields.push({ name, raw });
    fieldStart = -1;
  };
  while (start < header.length) {
    const lf = header.indexOf(LF, start);
    const end = lf === -1 ? header.length : lf + 1;
    const line = header.subarray(start, end);
    const blank = line.length <= 2 && line.every((byte) => byte === 0x0d || byte === LF);
    if (blank) break;
    const first = line[0];
    if (first !== SP && first !== HT) {
      close(start);
      fieldStart = start;
    }
    start = end;
  }
  close(start);
  return fields;
}

/**
 * HEADER.FIELDS (or .NOT with `exclude`): the matching fields in their order, then the empty line that
 * ends a header section (RFC 9051 §6.4.5: the subset "and the blank line following").
 */
export function filterHeaderFields(header: Buffer, names: readonly string[], exclude: boolean): Buffer {
  const wanted = new Set(names.map((name) => name.toUpperCase()));
  const kept = splitHeaderFields(header).filter((field) => wanted.has(field.name) !== exclude);
  return Buffer.concat([...kept.map((field) => field.raw), CRLF]);
}

/** The unfolded values of every field called `name` (upper-case), as latin1-safe text. */
export function headerValues(header: Buffer, name: string): string[] {
  return splitHeaderFields(header)
    .filter((field) => field.name === name)
    .map((field) => {
      const text = field.raw.toString('utf8');
      return text.slice(text.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
    });
}
