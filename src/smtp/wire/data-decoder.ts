// The DATA decoder (RFC 5321 §4.1.1.4, §4.5.2) as a streaming transform over Buffers: finds the end of
// data, removes dot-stuffing, then normalises line endings (line-endings.ts).
//
// Only <CR><LF>.<CR><LF> ends the data, where the first CRLF ends the previous line (or the data is
// empty). A "." line after a bare LF or bare CR does not: servers that accept those let a sender
// smuggle a second message past the filters of the hop before them (SMTP smuggling, 2023). For the
// same reason only a real CRLF starts a line for dot-unstuffing. A line "." followed by a bare LF or
// bare CR keeps its dot: it is text, not a stuffed terminator.
import { LineEndingNormaliser } from './line-endings.ts';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const DOT_BYTES = Buffer.from('.');
const DOT_CR_BYTES = Buffer.from('.\r');

/**
 * line-start: after CRLF or at the start; dot: line-start then "."; dot-cr: then CR; text: inside a
 * line; cr: inside a line, after a CR.
 */
type FramingState = 'line-start' | 'dot' | 'dot-cr' | 'text' | 'cr';

export interface DataDecodeStep {
  /** Message bytes decoded from this chunk, CRLF-normalised. */
  output: Buffer[];
  /** Index in the chunk just after the terminating "<CRLF>.<CRLF>", or null while data continues. */
  end: number | null;
}

export class DataDecoder {
  #state: FramingState = 'line-start';
  #done = false;
  readonly #normaliser = new LineEndingNormaliser();

  get done(): boolean {
    return this.#done;
  }

  push(chunk: Buffer): DataDecodeStep {
    if (this.#done) return { output: [], end: 0 };
    const raw: Buffer[] = [];
    const n = chunk.length;
    let i = 0;
    let runStart = 0;
    let end: number | null = null;
    scan: while (i < n) {
      switch (this.#state) {
        case 'text': {
          const cr = chunk.indexOf(CR, i);
          if (cr === -1) {
            i = n;
            break;
          }
          i = cr + 1;
          this.#state = 'cr';
          break;
        }
        case 'cr': {
          const byte = chunk[i];
          i++;
          this.#state = byte === LF ? 'line-start' : byte === CR ? 'cr' : 'text';
          break;
        }
        case 'line-start': {
          if (chunk[i] === DOT) {
            if (i > runStart) raw.push(chunk.subarray(runStart, i));
            i++;
            runStart = i;
            this.#state = 'dot';
          } else {
            this.#state = 'text';
          }
          break;
        }
        case 'dot': {
          const byte = chunk[i];
          if (byte === CR) {
            i++;
            runStart = i;
            this.#state = 'dot-cr';
          } else {
            // A stuffed dot is dropped; a dot before a bare LF is kept (see above).
            if (byte === LF) raw.push(DOT_BYTES);
            this.#state = 'text';
          }
          break;
        }
        case 'dot-cr': {
          if (chunk[i] === LF) {
            end = i + 1;
            runStart = end;
            this.#done = true;
            break scan;
          }
          raw.push(DOT_CR_BYTES);
          runStart = i;
          this.#state = 'cr';
          break;
        }
      }
    }
    if (end === null && n > runStart) raw.push(chunk.subarray(runStart, n));
    const output: Buffer[] = [];
    for (const piece of raw) output.push(...this.#normaliser.push(piece));
    if (end !== null) output.push(...this.#normaliser.end());
    return { output, end };
  }
}
