// The byte side of one SMTP connection, and the session's only I/O: buffered input read as command
// lines, raw chunks or exact octet counts; replies queued and flushed; STARTTLS; a closing handshake.
//
// - Replies are queued and written together when the session next waits for input: the replies to a
//   pipelined group go out as a unit, and none is held back while we wait for the client (RFC 2920 §3.2).
// - Reading is pull-based: the socket is paused while the session has too many bytes unread, so a
//   slow delivery back-pressures the client instead of filling memory.
// - Every wait for input has a timeout and ends with IdleTimeout; a peer that is gone ends it with
//   ConnectionClosed once the buffered bytes are used up, so pipelined commands before a close still run.
// The socket events, pausing, waits, STARTTLS swap and lingering close are src/util/client-socket.ts.
import type { Socket } from 'node:net';
import { acceptTls, tlsInfo, type ServerTlsContext, type TlsInfo } from '../tls/index.ts';
import { ClientSocket } from '../util/client-socket.ts';

export { ConnectionClosed, IdleTimeout } from '../util/client-socket.ts';

export type CommandLineInput = { kind: 'line'; bytes: Buffer } | { kind: 'too-long' };

const LF = 0x0a;

export class SmtpConnection {
  readonly #link: ClientSocket;
  #tls: TlsInfo | null;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #output: string[] = [];
  #lastWrite: Promise<void> = Promise.resolve();

  constructor(socket: Socket, tls: TlsInfo | null) {
    this.#tls = tls;
    this.#link = new ClientSocket(socket, {
      receive: (chunk) => {
        this.#chunks.push(chunk);
        this.#buffered += chunk.length;
        return this.#buffered;
      },
      beforeWait: () => this.flush(),
    });
  }

  get tls(): TlsInfo | null {
    return this.#tls;
  }

  /** The socket error that ended the connection, if one did (for the disconnect log line). */
  get error(): Error | null {
    return this.#link.error;
  }

  send(text: string): void {
    this.#output.push(text);
  }

  flush(): void {
    if (this.#output.length === 0) return;
    const text = this.#output.join('');
    this.#output = [];
    const socket = this.#link.socket;
    if (socket.destroyed || !socket.writable) return;
    this.#lastWrite = new Promise((resolve) => socket.write(text, () => resolve()));
  }

  /**
   * The next command line: the bytes before LF (a CR before it included). A line of `maxLength`
   * octets or more without LF (RFC 5321 §4.5.3.1.4 counts the CRLF) is read to its end and dropped,
   * and reported as too long, so the replies stay in step with the client's commands.
   */
  async readLine(maxLength: number, timeoutMs: number): Promise<CommandLineInput> {
    let discarding = false;
    for (;;) {
      if (!discarding) {
        const lf = this.#indexOfLf(maxLength);
        if (lf !== -1) return { kind: 'line', bytes: this.#take(lf + 1).subarray(0, lf) };
        discarding = this.#buffered >= maxLength;
      }
      if (discarding) {
        const lf = this.#indexOfLf(Infinity);
        if (lf !== -1) {
          this.#drop(lf + 1);
          return { kind: 'too-long' };
        }
        this.#drop(this.#buffered);
      }
      await this.#link.waitForInput(timeoutMs);
    }
  }

  /** Up to `maxBytes` bytes, as soon as any are available. */
  async read(maxBytes: number, timeoutMs: number): Promise<Buffer> {
    while (this.#buffered === 0) await this.#link.waitForInput(timeoutMs);
    const first = this.#chunks[0]!;
    return this.#take(Math.min(maxBytes, first.length));
  }

  /** Puts bytes read too far (those after the end of DATA) back in front of the input. */
  unread(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.#chunks.unshift(bytes);
    this.#buffered += bytes.length;
  }

  /** Reads and drops exactly `octets` bytes (the chunk of a refused BDAT). */
  async skip(octets: number, timeoutMs: number): Promise<void> {
    let left = octets;
    while (left > 0) left -= (await this.read(left, timeoutMs)).length;
  }

  /**
   * Answers STARTTLS with `reply` and runs the server handshake. Everything the client sent after the
   * STARTTLS line and before our reply is dropped: it was written before the client could have seen
   * the 220, so it is plaintext injected ahead of the TLS session (RFC 3207 §5, CVE-2011-0411).
   */
  async startTls(reply: string, context: ServerTlsContext, timeoutMs: number): Promise<TlsInfo> {
    this.flush();
    await this.#lastWrite;
    const secure = await this.#link.startTls((plain) => {
      this.#chunks = [];
      this.#buffered = 0;
      plain.write(reply);
      return acceptTls(plain, context, timeoutMs);
    });
    this.#tls = tlsInfo(secure);
    return this.#tls;
  }

  /** Flushes the replies and closes, lingering for the client to close its side (ClientSocket.close). */
  close(): Promise<void> {
    if (this.#link.closing) return this.#link.closed;
    this.flush();
    this.#chunks = [];
    this.#buffered = 0;
    return this.#link.close();
  }

  destroy(): void {
    this.#link.destroy();
  }

  /** Index of the first LF among the first `limit` buffered bytes, or -1. */
  #indexOfLf(limit: number): number {
    let offset = 0;
    for (const chunk of this.#chunks) {
      if (offset >= limit) return -1;
      const at = chunk.indexOf(LF);
      if (at !== -1) return offset + at < limit ? offset + at : -1;
      offset += chunk.length;
    }
    return -1;
  }

  /** Removes and returns the first `n` buffered bytes. */
  #take(n: number): Buffer {
    const parts: Buffer[] = [];
    this.#remove(n, (part) => parts.push(part));
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
  }

  #drop(n: number): void {
    this.#remove(n, () => {});
  }

  #remove(n: number, use: (part: Buffer) => void): void {
    let left = n;
    while (left > 0) {
      const chunk = this.#chunks[0]!;
      if (chunk.length <= left) {
        use(chunk);
        this.#chunks.shift();
        left -= chunk.length;
      } else {
        use(chunk.subarray(0, left));
        this.#chunks[0] = chunk.subarray(left);
        left = 0;
      }
    }
    this.#buffered -= n;
    this.#link.consumed(this.#buffered);
  }
}
