// Message fixing for mail our own users and devices submit (authenticated clients, relay networks,
// the pickup folder, `mailstead sendmail`), as Postfix's cleanup does for local mail (RFC 6409 §8):
// - `Bcc:` and `Resent-Bcc:` fields are removed (RFC 5322 §3.6.3, §3.6.6: recipients must not see the
//   blind copies);
// - a missing `Date:` (RFC 5322 §3.6.1), `Message-ID:` (§3.6.4, RFC 6409 §8.3) or `From:` (the envelope
//   sender, RFC 6409 §8.1) is added at the end of the header section.
// It streams: only the header section is held (up to `maxHeaderSize`, past which the bytes pass through
// unchanged for the header-size check to refuse); the body is passed on as it comes.
import { randomBytes } from 'node:crypto';
import { formatRfc5322Date } from '../mime/index.ts';

export interface SubmissionHeaderOptions {
  /** Our hostname: the right-hand side of generated Message-IDs. */
  hostname: string;
  /** The envelope sender ('' for the null sender): the `From:` of a message that has none. */
  sender: string;
  maxHeaderSize: number;
  now: () => Date;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class SubmissionHeaders {
  readonly #options: SubmissionHeaderOptions;
  #held: Buffer[] = [];
  #heldOctets = 0;
  /** The header section was rewritten (or given up on): everything else passes through. */
  #done = false;

  constructor(options: SubmissionHeaderOptions) {
    this.#options = options;
  }

  /** The bytes to pass on for this chunk (none while the header section is still incomplete). */
  push(chunk: Buffer): Buffer[] {
    if (this.#done) return [chunk];
    this.#held.push(chunk);
    this.#heldOctets += chunk.length;
    const held = Buffer.concat(this.#held, this.#heldOctets);
    // A message that starts with the empty line has no header fields at all.
    const end = held.subarray(0, 2).equals(HEADER_END.subarray(2)) ? 0 : held.indexOf(HEADER_END);
    if (end !== -1) return this.#finish(held, end === 0 ? 0 : end + 2);
    if (this.#heldOctets > this.#options.maxHeaderSize + HEADER_END.length) {
      this.#done = true;
      this.#held = [];
      return [held];
    }
    this.#held = [held];
    return [];
  }

  /** At the end of the message: a message of header fields only (no empty line) is fixed too. */
  end(): Buffer[] {
    if (this.#done) return [];
    const held = Buffer.concat(this.#held, this.#heldOctets);
    const complete = held.length === 0 || held.subarray(-2).equals(HEADER_END.subarray(2)) ? held : Buffer.concat([held, HEADER_END.subarray(2)]);
    return this.#finish(complete, complete.length);
  }

  /** `headerEnd`: the offset just past the header section's last CRLF (where the empty line starts). */
  #finish(held: Buffer, headerEnd: number): Buffer[] {
    this.#done = true;
    this.#held = [];
    const header = fixHeaderSection(held.subarray(0, headerEnd).toString('latin1'), this.#options);
    return [Buffer.from(header, 'latin1'), held.subarray(headerEnd)];
  }
}

/** The header section (each field ending in CRLF) without Bcc, with the missing fields added. */
export function fixHeaderSection(section: string, options: Pick<SubmissionHeaderOptions, 'hostname' | 'sender' | 'now'>): string {
  const lines = section === '' ? [] : section.slice(0, -2).split('\r\n');
  const present = new Set<string>();
  let kept = '';
  let dropping = false;
  for (const line of lines) {
    const continuation = line.startsWith(' ') || line.startsWith('\t');
    if (!continuation) {
      const name = line.slice(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase();
      present.add(name);
      dropping = name === 'bcc' || name === 'resent-bcc';
    }
    if (!dropping) kept += `${line}\r\n`;
  }
  if (!present.has('from') && options.sender !== '') kept += `From: <${options.sender.replace(/[\r\n]/g, '')}>\r\n`;
  if (!present.has('date')) kept += `Date: ${formatRfc5322Date(options.now())}\r\n`;
  if (!present.has('message-id')) kept += `Message-ID: <${randomBytes(12).toString('hex')}@${options.hostname}>\r\n`;
  return kept;
}
