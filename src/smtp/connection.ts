// The byte side of one SMTP connection, and the session's only I/O: buffered input read as command
// lines, raw chunks or exact octet counts; replies queued and flushed; STARTTLS; a closing handshake.
//
// - Replies are queued and written together when the session next waits for input: the replies to a
//   pipelined group go out as a unit, and none is held back while we wait for the client (RFC 2920 §3.2).
// - Reading is pull-based: the socket is paused while the session has more than HIGH_WATER bytes
//   unread, so a slow delivery back-pressures the client instead of filling memory.
// - Every wait for input has a timeout and ends with IdleTimeout; a peer that is gone ends it with
//   ConnectionClosed once the buffered bytes are used up, so pipelined commands before a close still run.
import type { Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import { acceptTls, tlsInfo, type TlsInfo } from '../tls/index.ts';

export class ConnectionClosed extends Error {
  override readonly name = 'ConnectionClosed';
}

export class IdleTimeout extends Error {
  override readonly name = 'IdleTimeout';
}

export type CommandLineInput = { kind: 'line'; bytes: Buffer } | { kind: 'too-long' };

const LF = 0x0a;
const HIGH_WATER = 256 * 1024;
/** After our last reply: how long the client may take to close its side before we cut it. */
const LINGER_MS = 2000;

export class SmtpConnection {
  #socket: Socket;
  #tls: TlsInfo | null;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #inputEnded = false;
  #closing = false;
  #paused = false;
  #wake: (() => void) | null = null;
  #output: string[] = [];
  #lastWrite: Promise<void> = Promise.resolve();
  #error: Error | null = null;
  readonly #closed: Promise<void>;
  #markClosed: () => void = () => {};

  constructor(socket: Socket, tls: TlsInfo | null) {
    this.#socket = socket;
    this.#tls = tls;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    this.#attach(socket);
  }

  get tls(): TlsInfo | null {
    return this.#tls;
  }

  /** The socket error that ended the connection, if one did (for the disconnect log line). */
  get error(): Error | null {
    return this.#error;
  }

  send(text: string): void {
    this.#output.push(text);
  }

  flush(): void {
    if (this.#output.length === 0) return;
    const text = this.#output.join('');
    this.#output = [];
    const socket = this.#socket;
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
      await this.#waitForInput(timeoutMs);
    }
  }

  /** Up to `maxBytes` bytes, as soon as any are available. */
  async read(maxBytes: number, timeoutMs: number): Promise<Buffer> {
    while (this.#buffered === 0) await this.#waitForInput(timeoutMs);
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
  async startTls(reply: string, context: SecureContext, timeoutMs: number): Promise<TlsInfo> {
    this.flush();
    await this.#lastWrite;
    if (this.#inputEnded) throw new ConnectionClosed();
    this.#chunks = [];
    this.#buffered = 0;
    const plain = this.#socket;
    this.#detach(plain);
    while (plain.read() !== null);
    plain.write(reply);
    try {
      const secure = await acceptTls(plain, context, timeoutMs);
      this.#socket = secure;
      this.#paused = false;
      this.#attach(secure);
      this.#tls = tlsInfo(secure);
      return this.#tls;
    } catch (err) {
      this.#inputEnded = true;
      this.#markClosed();
      throw err;
    }
  }

  /**
   * Flushes the replies and closes. Input that still arrives is read and dropped, and the client
   * gets LINGER_MS to close its side, so a reset does not destroy our last reply before it is read.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closed;
    this.#closing = true;
    this.flush();
    const socket = this.#socket;
    this.#chunks = [];
    this.#buffered = 0;
    if (socket.destroyed) return this.#closed;
    socket.end();
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    void this.#closed.then(() => clearTimeout(timer));
    return this.#closed;
  }

  destroy(): void {
    this.#closing = true;
    this.#socket.destroy();
  }

  #onData = (chunk: Buffer): void => {
    if (this.#closing) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (this.#buffered > HIGH_WATER && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
    }
    this.#wake?.();
  };

  #onEnd = (): void => {
    this.#inputEnded = true;
    this.#wake?.();
  };

  #onClose = (): void => {
    this.#inputEnded = true;
    this.#closing = true;
    this.#markClosed();
    this.#wake?.();
  };

  #onError = (err: Error): void => {
    this.#error ??= err;
  };

  #attach(socket: Socket): void {
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onClose);
    socket.on('error', this.#onError);
  }

  #detach(socket: Socket): void {
    socket.off('data', this.#onData);
    socket.off('end', this.#onEnd);
    socket.off('close', this.#onClose);
    socket.off('error', this.#onError);
  }

  async #waitForInput(timeoutMs: number): Promise<void> {
    if (this.#inputEnded) throw new ConnectionClosed();
    this.flush();
    if (this.#paused) {
      this.#paused = false;
      this.#socket.resume();
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        reject(new IdleTimeout(`no input for ${timeoutMs}ms`));
      }, timeoutMs);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
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
    if (this.#paused && this.#buffered < HIGH_WATER / 2) {
      this.#paused = false;
      this.#socket.resume();
    }
  }
}
