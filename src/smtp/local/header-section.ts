// The header section of a locally submitted message, read before delivery starts, because the envelope
// comes from it (RFC 5322 §2.1: header fields, then an empty line, then the body).
//
// Contract:
// - Input is CRLF-normalised (message-input.ts). At most `maxHeaderSize` octets of header section are
//   held; a longer section is `too-large` without reading further.
// - A section ends at the first empty line, or at the end of the input (a message without a body).
// - Strict, because a file dropped into pickup/ may be anything: every line must be a field
//   (`name:` with a RFC 5322 §3.6.8 field name, white space before the colon allowed as in §4.5) or a
//   continuation of the field above it (§2.2.3); anything else is `malformed`, naming the line. A mail
//   server on port 25 must be lenient; an administrator's file is better refused with a reason.
// - Each field keeps its raw bytes, so fields can be dropped without touching the others.
import { HeaderScanner } from '../../mime/index.ts';

export interface RawHeaderField {
  /** Field name as written. */
  name: string;
  /** The field's lines as they were, each ending in CRLF. */
  raw: Buffer;
  /** Unfolded value, as the mime HeaderScanner decodes it (UTF-8 when valid, else latin1). */
  value: string;
}

export type HeaderSectionRead =
  | {
      kind: 'ok';
      fields: RawHeaderField[];
      /** Octets of the header section (the empty line excluded). */
      size: number;
      /** What was read past the header section: the empty line and the start of the body. */
      rest: Buffer;
    }
  | { kind: 'too-large' }
  | { kind: 'malformed'; reason: string };

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const FIELD_START = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/** Reads from `input` until the header section is complete; the iterator then continues with the body. */
export async function readHeaderSection(input: AsyncIterator<Buffer>, maxHeaderSize: number): Promise<HeaderSectionRead> {
  let held = Buffer.alloc(0);
  for (;;) {
    // A message that starts with the empty line has no header fields.
    const end = held.subarray(0, 2).equals(CRLF) ? 0 : held.indexOf(HEADER_END);
    if (end !== -1) {
      const size = end === 0 ? 0 : end + 2;
      if (size > maxHeaderSize) return { kind: 'too-large' };
      return splitFields(held.subarray(0, size), held.subarray(size));
    }
    if (held.length > maxHeaderSize + 2) return { kind: 'too-large' };
    const next = await input.next();
    if (next.done === true) {
      if (held.length > maxHeaderSize) return { kind: 'too-large' };
      const complete = held.length === 0 || held.subarray(-2).equals(CRLF) ? held : Buffer.concat([held, CRLF]);
      return splitFields(complete, Buffer.alloc(0));
    }
    held = Buffer.concat([held, next.value]);
  }
}

/** `section`: complete lines, each ending in CRLF. */
function splitFields(section: Buffer, rest: Buffer): HeaderSectionRead {
  const fields: RawHeaderField[] = [];
  let fieldStart = -1;
  let lineNumber = 0;
  const close = (end: number): void => {
    if (fieldStart === -1) return;
    const raw = section.subarray(fieldStart, end);
    const scanner = new HeaderScanner({ maxHeaderSize: raw.length });
    scanner.push(raw);
    const [field] = scanner.end().fields;
    if (field !== undefined) fields.push({ name: field.name, raw, value: field.value });
  };
  for (let at = 0; at < section.length; ) {
    lineNumber++;
    const lineEnd = section.indexOf(CRLF, at) + 2;
    const first = section[at];
    if (first === 0x20 || first === 0x09) {
      if (fieldStart === -1) return { kind: 'malformed', reason: `line ${lineNumber} continues a header field, but no field comes before it` };
    } else {
      const line = section.subarray(at, lineEnd - 2).toString('latin1');
      if (!FIELD_START.test(line)) return { kind: 'malformed', reason: `line ${lineNumber} is not a header field ("name: value"): ${quoteLine(line)}` };
      close(at);
      fieldStart = at;
    }
    at = lineEnd;
  }
  close(section.length);
  return { kind: 'ok', fields, size: section.length, rest };
}

/** A bad line as the .err file and the log show it: printable, at most 60 characters. */
function quoteLine(line: string): string {
  const printable = line.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 60 ? `${printable.slice(0, 60)}…` : printable);
}
