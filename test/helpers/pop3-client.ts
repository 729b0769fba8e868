// A raw POP3 client for protocol tests: sends exact bytes, reads single-line responses and multi-line
// responses (un-stuffed, with the raw bytes kept for byte-exactness checks). Every wait is bounded.
import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { openTcp, openTls, SocketReader } from './socket-reader.ts';

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
  readonly #reader: SocketReader<Buffer>;

  private constructor(socket: Socket) {
    this.#reader = SocketReader.bytes(socket);
  }

  /** Opens a plain TCP connection (does not read the greeting). */
  static connect(port: number, host = '127.0.0.1'): Promise<Pop3TestClient> {
    return openTcp(port, host, (socket) => new Pop3TestClient(socket));
  }

  /** Opens an implicit-TLS connection (does not read the greeting). */
  static connectTls(port: number, options: ConnectionOptions = {}, host = '127.0.0.1'): Promise<Pop3TestClient> {
    return openTls(port, options, host, (socket) => new Pop3TestClient(socket));
  }

  get encrypted(): boolean {
    return 'encrypted' in this.#reader.socket;
  }

  send(data: string | Buffer): void {
    this.#reader.write(data);
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
    const reader = this.#reader;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const end = reader.buffer.indexOf('\r\n');
      if (end !== -1) {
        const text = reader.buffer.subarray(0, end).toString('utf8');
        reader.buffer = reader.buffer.subarray(end + 2);
        return text;
      }
      if (reader.ended) throw new Error(`connection closed before a full line; buffered: ${reader.describe()}`);
      await reader.wait(deadline, 'a line');
    }
  }

  async multiLine(waitMs = DEFAULT_WAIT_MS): Promise<MultiLine> {
    const status = await this.line(waitMs);
    if (!status.startsWith('+OK')) return { status, lines: [], raw: Buffer.alloc(0) };
    const reader = this.#reader;
    const deadline = Date.now() + waitMs;
    for (;;) {
      // The body is empty (`.` CRLF at once) or ends with CRLF `.` CRLF.
      if (reader.buffer.subarray(0, 3).equals(TERMINATOR.subarray(2))) {
        reader.buffer = reader.buffer.subarray(3);
        return { status, lines: [], raw: Buffer.alloc(0) };
      }
      const end = reader.buffer.indexOf(TERMINATOR);
      if (end !== -1) {
        const raw = reader.buffer.subarray(0, end + 2);
        reader.buffer = reader.buffer.subarray(end + TERMINATOR.length);
        const lines = raw
          .subarray(0, raw.length - 2)
          .toString('utf8')
          .split('\r\n')
          .map((l) => (l.startsWith('.') ? l.slice(1) : l));
        return { status, lines, raw };
      }
      if (reader.ended) throw new Error('connection closed inside a multi-line response');
      await reader.wait(deadline, 'the end of a multi-line response');
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
    await this.#reader.untilEnded(waitMs);
    if (this.#reader.buffer.length > 0) throw new Error(`unexpected bytes before close: ${this.#reader.describe()}`);
  }

  /** After the server's +OK to STLS: runs the TLS handshake on this connection. */
  startTls(options: ConnectionOptions = {}): Promise<void> {
    return this.#reader.startTls(options);
  }

  close(): void {
    this.#reader.close();
  }
}
