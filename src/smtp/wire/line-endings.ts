// Line-ending normalisation of message bytes as a streaming transform: a bare LF and a bare CR each
// become CRLF, so the octets stored agree with what IMAP and POP3 later count and serve (RFC 5322
// §2.3: CR and LF only occur together). A CR that ends a chunk is held until the next byte is seen.
// This is the whole BDAT decoder (RFC 3030 §2: chunks are octets, no dot transparency) and the last
// stage of the DATA decoder.

const CR = 0x0d;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

export class LineEndingNormaliser {
  #pendingCr = false;

  /** Returns the normalised bytes of `chunk` as views into it plus CRLF constants; never copies. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const n = chunk.length;
    let i = 0;
    if (this.#pendingCr && n > 0) {
      this.#pendingCr = false;
      out.push(CRLF);
      if (chunk[0] === LF) i = 1;
    }
    let runStart = i;
    let nextCr = chunk.indexOf(CR, i);
    let nextLf = chunk.indexOf(LF, i);
    const emitRun = (end: number): void => {
      if (end > runStart) out.push(chunk.subarray(runStart, end));
    };
    for (;;) {
      if (nextCr === -1 && nextLf === -1) {
        emitRun(n);
        return out;
      }
      if (nextCr === -1 || (nextLf !== -1 && nextLf < nextCr)) {
        // A bare LF: a CR before it would have been consumed together with it.
        emitRun(nextLf);
        out.push(CRLF);
        runStart = nextLf + 1;
        nextLf = chunk.indexOf(LF, runStart);
        continue;
      }
      const cr = nextCr;
      if (cr + 1 === n) {
        emitRun(cr);
        this.#pendingCr = true;
        return out;
      }
      if (chunk[cr + 1] === LF) {
        // CRLF already: it stays in the run.
        nextCr = chunk.indexOf(CR, cr + 2);
        nextLf = chunk.indexOf(LF, cr + 2);
        continue;
      }
      emitRun(cr);
      out.push(CRLF);
      runStart = cr + 1;
      nextCr = chunk.indexOf(CR, runStart);
    }
  }

  /** The end of the stream: a CR still held is a bare CR. */
  end(): Buffer[] {
    if (!this.#pendingCr) return [];
    this.#pendingCr = false;
    return [CRLF];
  }
}
