// Server replies as the SMTP client reads them (RFC 5321 §4.2): an incremental reader that turns socket
// bytes into whole replies, and the enhanced status code (RFC 3463, RFC 2034 §4) taken off their text.
//
// Invariants: a reply is handed out only when its last line (code followed by a space or nothing) has
// arrived; every line of one reply has the same code, else the peer is broken (ReplyFormatError); a line
// and a reply are bounded (a peer that never ends one cannot make us buffer without limit).

/** One reply: basic code, enhanced code when valid, text lines without either. */
export interface ClientReply {
  readonly code: number;
  readonly enhanced: string | null;
  readonly lines: readonly string[];
}

/** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; real servers send longer, so be lenient but finite. */
export const MAX_REPLY_LINE = 8192;
export const MAX_REPLY_LINES = 256;

export class ReplyFormatError extends Error {
  override readonly name = 'ReplyFormatError';
}

const LINE = /^(\d{3})(?:([ -])(.*))?$/s;
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?: |$)/;

/** Reassembles replies from socket chunks; `push` returns the replies the chunk completed. */
export class ReplyReader {
  #partial: Buffer = Buffer.alloc(0);
  #lines: Array<{ code: number; text: string }> = [];

  push(chunk: Buffer): ClientReply[] {
    const replies: ClientReply[] = [];
    let data = this.#partial.length > 0 ? Buffer.concat([this.#partial, chunk]) : chunk;
    let newline = data.indexOf(0x0a);
    while (newline >= 0) {
      const end = newline > 0 && data[newline - 1] === 0x0d ? newline - 1 : newline;
      if (end > MAX_REPLY_LINE) throw new ReplyFormatError('reply line too long');
      const reply = this.#line(data.subarray(0, end).toString('utf8'));
      if (reply) replies.push(reply);
      data = data.subarray(newline + 1);
      newline = data.indexOf(0x0a);
    }
    if (data.length > MAX_REPLY_LINE) throw new ReplyFormatError('reply line too long');
    this.#partial = Buffer.from(data);
    return replies;
  }

  /** Bytes or lines of a reply that has not ended yet (RFC 3207 §6: nothing may precede the TLS handshake). */
  get pending(): boolean {
    return this.#partial.length > 0 || this.#lines.length > 0;
  }

  /** Forgets everything buffered (used when the connection switches to TLS). */
  clear(): void {
    this.#partial = Buffer.alloc(0);
    this.#lines = [];
  }

  #line(raw: string): ClientReply | null {
    const m = LINE.exec(raw);
    if (!m) throw new ReplyFormatError(`not an SMTP reply line: ${JSON.stringify(raw.slice(0, 80))}`);
    const code = Number(m[1]);
    const first = this.#lines[0];
    if (first && first.code !== code) throw new ReplyFormatError('reply lines with different codes');
    if (this.#lines.length >= MAX_REPLY_LINES) throw new ReplyFormatError('reply has too many lines');
    this.#lines.push({ code, text: m[3] ?? '' });
    if (m[2] === '-') return null;
    const lines = this.#lines.map((line) => line.text);
    this.#lines = [];
    return parseReplyText(code, lines);
  }
}

/**
 * Splits the enhanced status code off the text (RFC 2034 §4: each line starts with it). A code whose
 * class differs from the basic code's first digit is not trusted (RFC 3463 §2) and stays in the text;
 * replies without a 2/4/5 class (354, 334) never carry one.
 */
export function parseReplyText(code: number, lines: readonly string[]): ClientReply {
  const m = ENHANCED.exec(lines[0] ?? '');
  const enhanced = m && Number(m[1]) === Math.floor(code / 100) ? `${m[1]}.${m[2]}.${m[3]}` : null;
  if (!enhanced) return { code, enhanced: null, lines: [...lines] };
  const prefix = new RegExp(`^${enhanced.replace(/\./g, '\\.')}(?: |$)`);
  return { code, enhanced, lines: lines.map((line) => line.replace(prefix, '')) };
}

/** "550 5.1.1 No such user" on one line (multi-line texts joined by spaces), for logs and details. */
export function formatReply(reply: ClientReply): string {
  const text = reply.lines.filter((line) => line !== '').join(' ');
  return [String(reply.code), reply.enhanced, text].filter((part) => part !== null && part !== '').join(' ');
}
