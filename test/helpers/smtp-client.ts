// A raw SMTP client for protocol tests: sends exact bytes and reads replies as typed values, so tests
// can assert codes, enhanced codes and texts byte for byte. Every wait is bounded.
import type { Socket } from 'node:net';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { openTcp, openTls, SocketReader } from './socket-reader.ts';

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
  readonly #reader: SocketReader<string>;

  private constructor(socket: Socket) {
    this.#reader = SocketReader.text(socket);
  }

  /** Opens a plain TCP connection (does not read the greeting). */
  static connect(port: number, host = '127.0.0.1'): Promise<SmtpTestClient> {
    return openTcp(port, host, (socket) => new SmtpTestClient(socket));
  }

  /** Opens an implicit-TLS connection (does not read the greeting). */
  static connectTls(port: number, options: ConnectionOptions = {}, host = '127.0.0.1'): Promise<SmtpTestClient> {
    return openTls(port, options, host, (socket) => new SmtpTestClient(socket));
  }

  get socket(): Socket {
    return this.#reader.socket;
  }

  get encrypted(): TLSSocket | null {
    const socket = this.#reader.socket;
    return 'encrypted' in socket ? (socket as TLSSocket) : null;
  }

  send(data: string | Buffer): void {
    this.#reader.write(data);
  }

  /** Sends `line` + CRLF and reads one reply. */
  async command(line: string, waitMs = DEFAULT_WAIT_MS): Promise<Reply> {
    this.send(`${line}\r\n`);
    return this.reply(waitMs);
  }

  /** Reads one complete reply (all lines of a multi-line one). */
  async reply(waitMs = DEFAULT_WAIT_MS): Promise<Reply> {
    const reader = this.#reader;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const parsed = takeReply(reader.buffer);
      if (parsed) {
        reader.buffer = reader.buffer.slice(parsed.raw.length);
        return parsed;
      }
      if (reader.ended) throw new Error(`connection closed before a full reply; buffered: ${reader.describe()}`);
      await reader.wait(deadline, 'a reply');
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
    await this.#reader.untilEnded(waitMs);
    if (this.#reader.buffer !== '') throw new Error(`unexpected bytes before close: ${this.#reader.describe()}`);
  }

  /** After the server's 220 to STARTTLS: runs the TLS handshake on this connection. */
  startTls(options: ConnectionOptions = {}): Promise<void> {
    return this.#reader.startTls(options);
  }

  close(): void {
    this.#reader.close();
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
