// A raw POP3 client for protocol tests: sends exact bytes, reads single-line responses and multi-line
// responses (un-stuffed, with the raw bytes kept for byte-exactness checks). Every wait is bounded.
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';

export interface MultiLine {
  /** The status line without CRLF (`+OK …` or `-ERR …`). */
  status: string;
  /** Body lines after un-stuffing, without CRLF (empty for an `-ERR`). */
  lines: string[];
  /** The body exactly as received, stuffed, up to and without the terminating `.` CRLF. */
  raw: Buffer;
}

const DEFAULT_WAIT_MS = 5000;
const TERMINATOR = Buffer.from('\r\n.\r\n');

export class Pop3TestClient {
  #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;
  #wake: (() => void) | null = null;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.#listen(socket);
  }

  /** Opens a plain TCP connection (does not read the greeting). */
  static connect(port: number, host = '127.0.0.1'): Promise<Pop3TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connectTcp({ port, host }, () => {
        socket.off('error', reject);
        resolve(new Pop3TestClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Opens an implicit-TLS connection (does not read the greeting). */
  static connectTls(port: number, options: ConnectionOptions = {}, host = '127.0.0.1'): Promise<Pop3TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connectTls({ port, host, rejectUnauthorized: false, ...options }, () => {
        socket.off('error', reject);
        resolve(new Pop3TestClient(socket));
      });
      socket.once('error', reject);
    });
  }

  get encrypted(): boolean {
    return 'encrypted' in this.#socket;
  }

  send(data: string | Buffer): void {
    this.#socket.write(data);
  }

  /** Sends `line` + CRLF and reads a single-line response. */
  async command(line: string, waitMs = DEFAULT_WAIT_MS): Promise<string> {
    this.send(`${line}\r\n`);
    return this.line(waitMs);
  }

  /** Sends `line` + CRLF and reads a multi-line response (just the status line when it is `-ERR`). */
  async multi(line: string, waitMs = DEFAULT_WAIT_MS): Promise<MultiLine> {
    this.send(`${line}\r\n`);
    return this.multiLine(waitMs);
  }

  /** Reads one line, without its CRLF. */
  async line(waitMs = DEFAULT_WAIT_MS): Promise<string> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const end = this.#buffer.indexOf('\r\n');
      if (end !== -1) {
        const text = this.#buffer.subarray(0, end).toString('utf8');
        this.#buffer = this.#buffer.subarray(end + 2);
        return text;
      }
      if (this.#ended) throw new Error(`connection closed before a full line; buffered: ${JSON.stringify(this.#buffer.toString())}`);
      await this.#wait(deadline, 'a line');
    }
  }

  async multiLine(waitMs = DEFAULT_WAIT_MS): Promise<MultiLine> {
    const status = await this.line(waitMs);
    if (!status.startsWith('+OK')) return { status, lines: [], raw: Buffer.alloc(0) };
    const deadline = Date.now() + waitMs;
    for (;;) {
      // The body is empty (`.` CRLF at once) or ends with CRLF `.` CRLF.
      if (this.#buffer.subarray(0, 3).equals(TERMINATOR.subarray(2))) {
        this.#buffer = this.#buffer.subarray(3);
        return { status, lines: [], raw: Buffer.alloc(0) };
      }
      const end = this.#buffer.indexOf(TERMINATOR);
      if (end !== -1) {
        const raw = this.#buffer.subarray(0, end + 2);
        this.#buffer = this.#buffer.subarray(end + TERMINATOR.length);
        const lines = raw
          .subarray(0, raw.length - 2)
          .toString('utf8')
          .split('\r\n')
          .map((l) => (l.startsWith('.') ? l.slice(1) : l));
        return { status, lines, raw };
      }
      if (this.#ended) throw new Error('connection closed inside a multi-line response');
      await this.#wait(deadline, 'the end of a multi-line response');
    }
  }

  /** Reads the greeting, sends USER and PASS; returns PASS's response. */
  async login(user: string, password: string): Promise<string> {
    const greeting = await this.line();
    if (!greeting.startsWith('+OK')) throw new Error(`unexpected greeting: ${greeting}`);
    const userReply = await this.command(`USER ${user}`);
    if (!userReply.startsWith('+OK')) throw new Error(`USER refused: ${userReply}`);
    return this.command(`PASS ${password}`);
  }

  /** Resolves when the server closes the connection; fails if it sends more bytes or stays open. */
  async expectClose(waitMs = DEFAULT_WAIT_MS): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (!this.#ended) await this.#wait(deadline, 'the server to close');
    if (this.#buffer.length > 0) throw new Error(`unexpected bytes before close: ${JSON.stringify(this.#buffer.toString())}`);
  }

  /** After the server's +OK to STLS: runs the TLS handshake on this connection. */
  async startTls(options: ConnectionOptions = {}): Promise<void> {
    const plain = this.#socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('end');
    plain.removeAllListeners('close');
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const socket = connectTls({ socket: plain, rejectUnauthorized: false, ...options }, () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
    this.#socket = secure;
    this.#buffer = Buffer.alloc(0);
    this.#listen(secure);
  }

  close(): void {
    this.#socket.destroy();
  }

  #listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    const ended = (): void => {
      this.#ended = true;
      this.#wake?.();
    };
    socket.on('end', ended);
    socket.on('close', ended);
    socket.on('error', ended);
  }

  #wait(deadline: number, what: string): Promise<void> {
    const left = deadline - Date.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        reject(new Error(`timed out waiting for ${what}; buffered: ${JSON.stringify(this.#buffer.toString())}`));
      }, Math.max(0, left));
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }
}
