// A raw SMTP client for protocol tests: sends exact bytes and reads replies as typed values, so tests
// can assert codes, enhanced codes and texts byte for byte. Every wait is bounded.
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';

export interface Reply {
  code: number;
  /** Enhanced status code of the first line ("2.1.0"), or null. */
  enhanced: string | null;
  /** Text of each line, without code, separator or enhanced code. */
  lines: string[];
  /** The reply exactly as received, CRLFs included. */
  raw: string;
}

const DEFAULT_WAIT_MS = 5000;
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)/;

export class SmtpTestClient {
  #socket: Socket;
  #buffer = '';
  #ended = false;
  #wake: (() => void) | null = null;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.#listen(socket);
  }

  /** Opens a plain TCP connection (does not read the greeting). */
  static connect(port: number, host = '127.0.0.1'): Promise<SmtpTestClient> {
    return new Promise((resolve, reject) => {
      const socket = connectTcp({ port, host }, () => {
        socket.off('error', reject);
        resolve(new SmtpTestClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Opens an implicit-TLS connection (does not read the greeting). */
  static connectTls(port: number, options: ConnectionOptions = {}, host = '127.0.0.1'): Promise<SmtpTestClient> {
    return new Promise((resolve, reject) => {
      const socket = connectTls({ port, host, rejectUnauthorized: false, ...options }, () => {
        socket.off('error', reject);
        resolve(new SmtpTestClient(socket));
      });
      socket.once('error', reject);
    });
  }

  get socket(): Socket {
    return this.#socket;
  }

  get encrypted(): TLSSocket | null {
    return 'encrypted' in this.#socket ? (this.#socket as TLSSocket) : null;
  }

  send(data: string | Buffer): void {
    this.#socket.write(data);
  }

  /** Sends `line` + CRLF and reads one reply. */
  async command(line: string, waitMs = DEFAULT_WAIT_MS): Promise<Reply> {
    this.send(`${line}\r\n`);
    return this.reply(waitMs);
  }

  /** Reads one complete reply (all lines of a multi-line one). */
  async reply(waitMs = DEFAULT_WAIT_MS): Promise<Reply> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const parsed = takeReply(this.#buffer);
      if (parsed) {
        this.#buffer = this.#buffer.slice(parsed.raw.length);
        return parsed;
      }
      if (this.#ended) throw new Error(`connection closed before a full reply; buffered: ${JSON.stringify(this.#buffer)}`);
      await this.#wait(deadline, 'a reply');
    }
  }

  async replies(count: number, waitMs = DEFAULT_WAIT_MS): Promise<Reply[]> {
    const out: Reply[] = [];
    for (let i = 0; i < count; i++) out.push(await this.reply(waitMs));
    return out;
  }

  /** Reads the greeting and sends EHLO; returns the EHLO reply. */
  async greetAndEhlo(name = 'client.example'): Promise<Reply> {
    const greeting = await this.reply();
    if (greeting.code !== 220) throw new Error(`unexpected greeting: ${greeting.raw}`);
    return this.command(`EHLO ${name}`);
  }

  /** Resolves when the server closes the connection; fails if it sends more bytes or stays open. */
  async expectClose(waitMs = DEFAULT_WAIT_MS): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (!this.#ended) await this.#wait(deadline, 'the server to close');
    if (this.#buffer !== '') throw new Error(`unexpected bytes before close: ${JSON.stringify(this.#buffer)}`);
  }

  /** After the server's 220 to STARTTLS: runs the TLS handshake on this connection. */
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
    this.#buffer = '';
    this.#listen(secure);
  }

  close(): void {
    this.#socket.destroy();
  }

  #listen(socket: Socket): void {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      this.#buffer += text;
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
        reject(new Error(`timed out waiting for ${what}; buffered: ${JSON.stringify(this.#buffer)}`));
      }, Math.max(0, left));
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }
}

/** Parses one complete reply at the start of `buffer`, or returns null when more is needed. */
export function takeReply(buffer: string): Reply | null {
  const lines: string[] = [];
  let offset = 0;
  let code = 0;
  for (;;) {
    const end = buffer.indexOf('\r\n', offset);
    if (end === -1) return null;
    const line = buffer.slice(offset, end);
    offset = end + 2;
    const match = /^(\d{3})([ -])(.*)$/.exec(line);
    if (!match) throw new Error(`malformed reply line: ${JSON.stringify(line)}`);
    code = Number(match[1]);
    lines.push(match[3]!);
    if (match[2] === ' ') break;
  }
  const enhanced = ENHANCED.exec(lines[0]!)?.[1] ?? null;
  const texts = enhanced === null ? lines : lines.map((l) => l.replace(ENHANCED, ''));
  return { code, enhanced, lines: texts, raw: buffer.slice(0, offset) };
}
