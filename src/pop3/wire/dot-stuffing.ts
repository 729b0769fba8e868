// The body of a RETR or TOP response as a streaming transform (RFC 1939 §3): every line that begins
// with `.` gets another `.` in front, a message that does not end with CRLF gets one, and `.` CRLF
// ends the response. State carries across chunk boundaries, so the message is never held whole.
// For TOP (RFC 1939 §7) it also stops after the header section, its empty line and `lines` body lines.

const DOT = Buffer.from('.');
const TERMINATOR = Buffer.from('.\r\n');
const CRLF_TERMINATOR = Buffer.from('\r\n.\r\n');

export class DotStuffer {
  /** Body lines TOP sends; null for RETR (everything). */
  readonly #topLines: number | null;
  #atLineStart = true;
  /** Octets of the current line so far, and whether its first one is CR (an empty CRLF line). */
  #lineLength = 0;
  #firstIsCr = false;
  #inBody = false;
  #bodyLines = 0;
  #done = false;

  constructor(topLines: number | null = null) {
    this.#topLines = topLines;
  }

  /** TOP has sent all it should: the caller stops reading and calls end(). */
  get done(): boolean {
    return this.#done;
  }

  /** The stuffed form of `chunk` (of what TOP still sends of it). */
  push(chunk: Uint8Array): Buffer {
    if (this.#done) return Buffer.alloc(0);
    const pieces: Uint8Array[] = [];
    let start = 0;
    let i = 0;
    for (; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.#atLineStart) {
        this.#atLineStart = false;
        this.#lineLength = 0;
        this.#firstIsCr = byte === 0x0d;
        if (byte === 0x2e) {
          pieces.push(chunk.subarray(start, i), DOT);
          start = i;
        }
      }
      if (byte !== 0x0a) {
        this.#lineLength++;
        continue;
      }
      this.#atLineStart = true;
      if (this.#topLines !== null && this.#lineEnds()) {
        this.#done = true;
        i++;
        break;
      }
    }
    pieces.push(chunk.subarray(start, i));
    return Buffer.concat(pieces);
  }

  /** The end of the response: CRLF if the message did not end with a line ending, then `.` CRLF. */
  end(): Buffer {
    return this.#atLineStart ? TERMINATOR : CRLF_TERMINATOR;
  }

  /** A line has just ended; true when TOP has sent enough. */
  #lineEnds(): boolean {
    if (!this.#inBody) {
      const empty = this.#lineLength === 0 || (this.#lineLength === 1 && this.#firstIsCr);
      if (!empty) return false;
      this.#inBody = true;
      return this.#topLines === 0;
    }
    this.#bodyLines++;
    return this.#bodyLines >= (this.#topLines ?? Infinity);
  }
}
