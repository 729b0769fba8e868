// A raw IMAP client for protocol tests: sends exact bytes and reads responses as typed values, so tests
// can assert tagged replies, response codes and untagged data byte for byte. Responses are framed with
// their literals (`{n}` CRLF n octets), so a FETCH body is part of the response it belongs to. It also
// runs STARTTLS and COMPRESS=DEFLATE (RFC 4978) like a client would. Every wait is bounded.
import type { Socket } from 'node:net';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { constants as zlib, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';
import { openTcp, openTls, SocketReader } from './socket-reader.ts';

export interface TaggedReply {
  tag: string;
  status: 'OK' | 'NO' | 'BAD';
  /** The response code without brackets (`TRYCREATE`, `APPENDUID 5 1:3`), or null. */
  code: string | null;
  /** The text after the code. */
  text: string;
}

/** One server response line with its literals: `* …` untagged, `+ …` continuation, `tag …` tagged. */
export interface ImapResponse {
  kind: 'untagged' | 'continuation' | 'tagged';
  /** The line without `* ` / `+ ` (tagged: the whole line), literals inline, CRLF of the end excluded. */
  text: string;
  /** The exact bytes received, CRLF included. */
  bytes: Buffer;
}

export interface CommandResult {
  /** Untagged responses before the tagged one, without `* ` and the final CRLF (literals inline). */
  untagged: string[];
  tagged: TaggedReply;
  /** Everything received for the command, decoded as UTF-8, CRLFs included. */
  raw: string;
}

/** A literal inside a command: synchronizing (`{n}`, waits for `+`) unless `plus` (`{n+}`, RFC 7888). */
export interface Literal {
  literal: string | Buffer;
  plus?: boolean;
  /** `~{n}` literal8 (RFC 3516). */
  binary?: boolean;
}

export type CommandPart = string | Literal;

const DEFAULT_WAIT_MS = 5000;
const LITERAL_AT_END = /\{(\d+)\}$/;
const TAGGED = /^(\S+) (OK|NO|BAD) (?:\[([^\]]*)\] ?)?(.*)$/;

export class ImapTestClient {
  readonly #reader: SocketReader<Buffer>;
  #tags = 0;
  #deflate: DeflateRaw | null = null;

  private constructor(socket: Socket) {
    this.#reader = SocketReader.bytes(socket);
  }

  /** Opens a plain TCP connection (does not read the greeting). */
  static connect(port: number, host = '127.0.0.1'): Promise<ImapTestClient> {
    return openTcp(port, host, (socket) => new ImapTestClient(socket));
  }

  /** Opens an implicit-TLS connection (does not read the greeting). */
  static connectTls(port: number, options: ConnectionOptions = {}, host = '127.0.0.1'): Promise<ImapTestClient> {
    return openTls(port, options, host, (socket) => new ImapTestClient(socket));
  }

  get socket(): Socket {
    return this.#reader.socket;
  }

  get encrypted(): boolean {
    const socket = this.#reader.socket;
    return 'encrypted' in socket && (socket as TLSSocket).encrypted;
  }

  /** Whether the server has closed the connection. */
  get ended(): boolean {
    return this.#reader.ended;
  }

  /** A fresh tag: A1, A2, … */
  nextTag(): string {
    this.#tags += 1;
    return `A${this.#tags}`;
  }

  /** Sends bytes as they are (compressed once COMPRESS is active). */
  send(data: string | Buffer): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (this.#deflate === null) {
      this.#reader.write(bytes);
      return;
    }
    this.#deflate.write(bytes);
    this.#deflate.flush(zlib.Z_SYNC_FLUSH);
  }

  /** Reads the greeting (`* OK …`, `* PREAUTH …` or `* BYE …`) and returns it without `* `. */
  async greeting(waitMs = DEFAULT_WAIT_MS): Promise<string> {
    const response = await this.next(waitMs);
    if (response.kind !== 'untagged') throw new Error(`unexpected greeting: ${JSON.stringify(response.text)}`);
    return response.text;
  }

  /**
   * Sends `tag text` CRLF (parts joined; a synchronizing literal waits for the server's `+`) and reads
   * up to the tagged reply. `tag` defaults to the next A<n>.
   */
  async command(parts: string | readonly CommandPart[], options: { tag?: string; waitMs?: number } = {}): Promise<CommandResult> {
    const tag = options.tag ?? this.nextTag();
    const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    const list = typeof parts === 'string' ? [parts] : parts;
    let line = `${tag} `;
    for (const part of list) {
      if (typeof part === 'string') {
        line += part;
        continue;
      }
      const bytes = typeof part.literal === 'string' ? Buffer.from(part.literal, 'utf8') : part.literal;
      this.send(`${line}${part.binary === true ? '~' : ''}{${bytes.length}${part.plus === true ? '+' : ''}}\r\n`);
      line = '';
      if (part.plus !== true) {
        const next = await this.next(waitMs);
        if (next.kind !== 'continuation') return this.#finish(tag, [next], waitMs);
      }
      this.send(bytes);
    }
    this.send(`${line}\r\n`);
    return this.readTagged(tag, waitMs);
  }

  /** Reads responses until the tagged reply to `tag`. */
  readTagged(tag: string, waitMs = DEFAULT_WAIT_MS): Promise<CommandResult> {
    return this.#finish(tag, [], waitMs);
  }

  /** The next response of any kind. */
  async next(waitMs = DEFAULT_WAIT_MS): Promise<ImapResponse> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const response = this.#take();
      if (response !== null) return response;
      if (this.#reader.ended) throw new Error(`connection closed before a full response; buffered: ${this.#reader.describe()}`);
      await this.#reader.wait(deadline, 'a response');
    }
  }

  /** Reads the greeting and logs in with LOGIN; fails unless the reply is OK. */
  async login(user: string, password: string): Promise<CommandResult> {
    const result = await this.command(`LOGIN ${quote(user)} ${quote(password)}`);
    if (result.tagged.status !== 'OK') throw new Error(`LOGIN failed: ${result.raw}`);
    return result;
  }

  /** STARTTLS and the handshake; returns the tagged reply (the handshake only runs after an OK). */
  async startTls(options: ConnectionOptions = {}): Promise<CommandResult> {
    const result = await this.command('STARTTLS');
    if (result.tagged.status !== 'OK') return result;
    await this.#reader.startTls(options);
    return result;
  }

  /** COMPRESS DEFLATE (RFC 4978 §3): after the OK both directions are raw deflate streams. */
  async compress(): Promise<CommandResult> {
    const result = await this.command('COMPRESS DEFLATE');
    if (result.tagged.status !== 'OK') return result;
    const reader = this.#reader;
    const socket = reader.socket;
    socket.removeAllListeners('data');
    const inflate: InflateRaw = createInflateRaw();
    const pending = reader.drain();
    inflate.on('data', (bytes: Buffer) => reader.push(bytes));
    inflate.on('error', () => reader.end());
    // Inflating is asynchronous: the connection has ended for the reader only once the inflater has
    // emitted everything that arrived before the socket closed.
    inflate.on('end', () => reader.end());
    socket.removeAllListeners('end');
    socket.removeAllListeners('close');
    socket.on('end', () => inflate.end());
    socket.on('close', () => inflate.end());
    socket.on('data', (bytes: Buffer) => inflate.write(bytes));
    if (pending.length > 0) inflate.write(pending);
    const deflate = createDeflateRaw();
    deflate.on('data', (bytes: Buffer) => socket.write(bytes));
    this.#deflate = deflate;
    return result;
  }

  /** Resolves when the server closes the connection; returns what it sent before (UTF-8). */
  async expectClose(waitMs = DEFAULT_WAIT_MS): Promise<string> {
    await this.#reader.untilEnded(waitMs);
    return this.#reader.drain().toString('utf8');
  }

  close(): void {
    this.#reader.close();
  }

  async #finish(tag: string, first: ImapResponse[], waitMs: number): Promise<CommandResult> {
    const responses = [...first];
    const deadline = Date.now() + waitMs;
    for (;;) {
      const last = responses.at(-1);
      if (last !== undefined && last.kind === 'tagged' && last.text.startsWith(`${tag} `)) break;
      // Buffered responses are taken without a promise each: a FETCH of 100,000 messages is as many responses.
      responses.push(this.#take() ?? (await this.next(Math.max(1, deadline - Date.now()))));
    }
    const tagged = parseTagged(responses.at(-1)!.text);
    const untagged = responses.filter((r) => r.kind === 'untagged').map((r) => r.text);
    const raw = Buffer.concat(responses.map((r) => r.bytes)).toString('utf8');
    return { untagged, tagged, raw };
  }

  /** One complete response at the start of the buffer (its literals included), or null. */
  #take(): ImapResponse | null {
    const reader = this.#reader;
    const buffer = reader.buffer;
    let offset = 0;
    for (;;) {
      const end = buffer.indexOf('\r\n', offset);
      if (end === -1) return null;
      const literal = LITERAL_AT_END.exec(buffer.toString('latin1', Math.max(offset, end - 24), end));
      if (literal === null) {
        offset = end + 2;
        break;
      }
      const after = end + 2 + Number(literal[1]);
      if (buffer.length < after) return null;
      offset = after;
    }
    const bytes = Buffer.from(buffer.subarray(0, offset));
    reader.buffer = buffer.subarray(offset);
    const text = bytes.toString('utf8', 0, bytes.length - 2);
    if (text.startsWith('* ')) return { kind: 'untagged', text: text.slice(2), bytes };
    if (text.startsWith('+')) return { kind: 'continuation', text: text.slice(2), bytes };
    return { kind: 'tagged', text, bytes };
  }
}

/** A quoted string (RFC 9051 §4.3) for test commands. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function parseTagged(line: string): TaggedReply {
  const match = TAGGED.exec(line);
  if (match === null) throw new Error(`malformed tagged reply: ${JSON.stringify(line)}`);
  return { tag: match[1]!, status: match[2] as TaggedReply['status'], code: match[3] ?? null, text: match[4]! };
}
