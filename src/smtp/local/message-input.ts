// The bytes of a locally submitted message (a pickup file, `mailstead sendmail`'s standard input) as
// they are stored: every line ending becomes CRLF (bare LF files from Linux tools and CRLF files from
// Windows tools look the same afterwards, RFC 5322 §2.3), and there is no SMTP dot-stuffing, so a line
// of a single "." is data.
//
// Only for sendmail without `-i` (classic sendmail, and Postfix's sendmail(1)), a line of a single "."
// ends the input, as on a terminal; the bytes after it are not read. The terminating line itself and
// its line ending are not part of the message; the CRLF ending the line before it is.
//
// Streaming: one output chunk per source chunk (a view into the source's buffer when nothing changed,
// which must then not be reused, as fs and process.stdin streams never do); at most ".\r" is held
// across chunks.
import { LineEndingNormaliser } from '../wire/line-endings.ts';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const DOT_BYTES = Buffer.from('.');
const DOT_CR_BYTES = Buffer.from('.\r');

export interface MessageInputOptions {
  /** A line of a single "." ends the message (sendmail without `-i`). */
  dotTerminates: boolean;
}

/** The message's bytes, CRLF-normalised, up to the end of the source (or the "." line). */
export async function* messageInput(source: AsyncIterable<Buffer | string>, options: MessageInputOptions): AsyncGenerator<Buffer, void, undefined> {
  const normaliser = new LineEndingNormaliser();
  const terminator = options.dotTerminates ? new DotTerminator() : null;
  // Returning from inside the loop ends the source's iterator, which closes a file or stdin.
  for await (const chunk of source) {
    const step = pass(normaliser.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk), terminator);
    if (step.output.length > 0) yield step.output;
    if (step.ended) return;
  }
  const step = pass(normaliser.end(), terminator);
  if (step.output.length > 0) yield step.output;
}

/** One source chunk's normalised pieces through the terminator, joined into one buffer. */
function pass(pieces: Buffer[], terminator: DotTerminator | null): { output: Buffer; ended: boolean } {
  if (terminator === null) return { output: join(pieces), ended: false };
  const out: Buffer[] = [];
  for (const piece of pieces) {
    const step = terminator.push(piece);
    out.push(...step.output);
    if (step.ended) return { output: join(out), ended: true };
  }
  return { output: join(out), ended: false };
}

/** A single piece as it is (a view, no copy); several (a LF file's lines and CRLFs) copied into one. */
function join(pieces: Buffer[]): Buffer {
  return pieces.length === 1 && pieces[0] !== undefined ? pieces[0] : Buffer.concat(pieces);
}

/**
 * Finds a line of a single "." in CRLF-normalised bytes. line-start: at the start or after a LF;
 * dot: a "." at line start (held); dot-cr: then a CR (held); text: inside a line.
 */
class DotTerminator {
  #state: 'line-start' | 'dot' | 'dot-cr' | 'text' = 'line-start';

  push(chunk: Buffer): { output: Buffer[]; ended: boolean } {
    const output: Buffer[] = [];
    const n = chunk.length;
    let i = 0;
    let runStart = 0;
    const emitRun = (end: number): void => {
      if (end > runStart) output.push(chunk.subarray(runStart, end));
    };
    while (i < n) {
      switch (this.#state) {
        case 'text': {
          const lf = chunk.indexOf(LF, i);
          if (lf === -1) i = n;
          else {
            i = lf + 1;
            this.#state = 'line-start';
          }
          break;
        }
        case 'line-start':
          if (chunk[i] === DOT) {
            emitRun(i);
            i++;
            runStart = i;
            this.#state = 'dot';
          } else this.#state = 'text';
          break;
        case 'dot':
          if (chunk[i] === CR) {
            i++;
            runStart = i;
            this.#state = 'dot-cr';
          } else {
            output.push(DOT_BYTES);
            this.#state = 'text';
          }
          break;
        case 'dot-cr':
          if (chunk[i] === LF) return { output, ended: true };
          output.push(DOT_CR_BYTES);
          this.#state = 'text';
          break;
      }
    }
    emitRun(n);
    return { output, ended: false };
  }
}
