// The socket plumbing shared by the raw protocol test clients (SMTP, IMAP, POP3): connecting over TCP
// or TLS, the receive buffer, the ended flag, STARTTLS upgrades and a bounded wait that wakes on data
// or on the end of the connection. The clients keep their own parsing on top of `buffer`.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** Opens a plain TCP connection and wraps the socket as soon as it is connected. */
export function openTcp<R>(port: number, host: string, wrap: (socket: Socket) => R): Promise<R> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port, host }, () => {
      socket.off('error', reject);
      resolve(wrap(socket));
    });
    socket.once('error', reject);
  });
}

/** Opens an implicit-TLS connection (certificates not verified unless `options` says so). */
export function openTls<R>(port: number, options: ConnectionOptions, host: string, wrap: (socket: Socket) => R): Promise<R> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ port, host, rejectUnauthorized: false, ...options }, () => {
      socket.off('error', reject);
      resolve(wrap(socket));
    });
    socket.once('error', reject);
  });
}

/** A connected socket with its receive buffer: text (UTF-8 decoded) or raw bytes. */
export class SocketReader<T extends string | Buffer> {
  #socket: Socket;
  /** Received and not yet consumed; the client takes from the front. */
  buffer: T;
  #ended = false;
  #wake: (() => void) | null = null;
  readonly #text: boolean;

  private constructor(socket: Socket, text: boolean) {
    this.#socket = socket;
    this.#text = text;
    this.buffer = this.#empty();
    this.#listen(socket);
  }

  /** Reads the socket as UTF-8 text. */
  static text(socket: Socket): SocketReader<string> {
    return new SocketReader<string>(socket, true);
  }

  /** Reads the socket as bytes. */
  static bytes(socket: Socket): SocketReader<Buffer> {
    return new SocketReader<Buffer>(socket, false);
  }

  get socket(): Socket {
    return this.#socket;
  }

  /** Whether the connection has ended (end, close or error), as far as the reader is concerned. */
  get ended(): boolean {
    return this.#ended;
  }

  write(data: string | Buffer): void {
    this.#socket.write(data);
  }

  /** Appends received data and wakes a waiting reader (for data arriving by another path, e.g. an inflater). */
  push(chunk: T): void {
    if (this.#text) this.buffer = ((this.buffer as string) + (chunk as string)) as T;
    else {
      const buffer = this.buffer as Buffer;
      this.buffer = (buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk as Buffer])) as T;
    }
    this.#wake?.();
  }

  /** Marks the connection ended and wakes a waiting reader. */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** Takes the whole buffer, leaving it empty. */
  drain(): T {
    const rest = this.buffer;
    this.buffer = this.#empty();
    return rest;
  }

  /** The buffer for error messages (JSON-quoted text). */
  describe(): string {
    return JSON.stringify(this.#text ? (this.buffer as string) : (this.buffer as Buffer).toString('utf8'));
  }

  /** Waits until data arrives or the connection ends; rejects at `deadline` (ms since the epoch). */
  wait(deadline: number, what: string): Promise<void> {
    const left = deadline - Date.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        reject(new Error(`timed out waiting for ${what}; buffered: ${this.describe()}`));
      }, Math.max(0, left));
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }

  /** Resolves once the connection has ended; rejects after `waitMs`. */
  async untilEnded(waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (!this.#ended) await this.wait(deadline, 'the server to close');
  }

  /** Runs a TLS handshake on the current connection (after the server agreed to STARTTLS/STLS). */
  async startTls(options: ConnectionOptions = {}): Promise<void> {
    const plain = this.#socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('end');
    plain.removeAllListeners('close');
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const socket = tlsConnect({ socket: plain, rejectUnauthorized: false, ...options }, () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
    this.#socket = secure;
    this.buffer = this.#empty();
    this.#listen(secure);
  }

  close(): void {
    this.#socket.destroy();
  }

  #empty(): T {
    return (this.#text ? '' : Buffer.alloc(0)) as T;
  }

  #listen(socket: Socket): void {
    if (this.#text) socket.setEncoding('utf8');
    socket.on('data', (chunk: T) => this.push(chunk));
    socket.on('end', () => this.end());
    socket.on('close', () => this.end());
    socket.on('error', () => this.end());
  }
}
