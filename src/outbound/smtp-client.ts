// One client connection to a remote SMTP server at the socket level: connect (plain or implicit TLS,
// RFC 8314 §3), send command lines, read whole replies with a timeout each, switch to TLS after STARTTLS
// (RFC 3207), stream a message as DATA with dot-stuffing (RFC 5321 §4.5.2), close. It knows nothing of
// the order of commands: smtp-session.ts and smtp-transaction.ts drive it.
//
// Invariants:
// - Every wait is bounded: connecting, each reply and each blocked write have a timeout; a timeout or
//   a malformed reply breaks the connection for good (the dialogue's state is unknown after it).
// - Replies are handed out in arrival order; replies that arrive before the connection drops are
//   still read (a 421 followed by a close reads as the 421), then the failure.
// - Nothing the server sent before the TLS handshake survives it (RFC 3207 §6, against injected replies).
// - Command lines are logged at trace level; a caller passes `logAs` for lines with credentials, and
//   message bytes are never logged.
import net from 'node:net';
import tls from 'node:tls';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';
import type { Logger } from '../log/index.ts';
import { formatReply, ReplyFormatError, ReplyReader, type ClientReply } from './smtp-reply.ts';

/** connect: no TCP connection; tls: handshake failed; timeout; closed: the peer went away; protocol: garbage. */
export type SmtpClientFailure = 'connect' | 'tls' | 'timeout' | 'closed' | 'protocol';

export class SmtpClientError extends Error {
  override readonly name = 'SmtpClientError';
  readonly kind: SmtpClientFailure;
  constructor(kind: SmtpClientFailure, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** After QUIT: how long the server may take to close its side before the socket is cut. */
const QUIT_LINGER_MS = 2000;

export interface SmtpConnectOptions {
  address: string;
  port: number;
  localAddress?: string;
  timeoutMs: number;
  /** Implicit TLS: the handshake follows the TCP connection, within the same timeout. */
  tls?: tls.ConnectionOptions;
  logger: Logger;
}

export interface SocketTls {
  protocol: string | null;
  cipher: string | null;
  authorized: boolean;
  authorizationError: string | null;
}

export class SmtpClient {
  #socket: net.Socket;
  readonly #reader = new ReplyReader();
  #replies: ClientReply[] = [];
  #waiting: { resolve: (reply: ClientReply) => void; reject: (error: Error) => void } | null = null;
  #failure: SmtpClientError | null = null;
  readonly #log: Logger;
  readonly #onData = (chunk: Buffer): void => this.#receive(chunk);
  readonly #onError = (error: Error): void => this.#fail(new SmtpClientError('closed', `connection error: ${error.message}`));
  readonly #onClose = (): void => this.#fail(new SmtpClientError('closed', 'connection closed by the server'));

  private constructor(socket: net.Socket, logger: Logger) {
    this.#socket = socket;
    this.#log = logger;
    this.#attach(socket);
  }

  static async connect(options: SmtpConnectOptions): Promise<SmtpClient> {
    const target = { host: options.address, port: options.port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) };
    const socket = options.tls ? tls.connect({ ...options.tls, ...target }) : net.connect(target);
    let tcpConnected = false;
    socket.once('connect', () => (tcpConnected = true));
    try {
      await settle(socket, options.tls ? 'secureConnect' : 'connect', options.timeoutMs);
    } catch (error) {
      socket.on('error', () => {});
      socket.destroy();
      if (error instanceof SmtpClientError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new SmtpClientError(tcpConnected ? 'tls' : 'connect', message);
    }
    socket.setNoDelay(true);
    return new SmtpClient(socket, options.logger);
  }

  /** The connection can still carry commands. */
  get usable(): boolean {
    return this.#failure === null && !this.#socket.destroyed && this.#socket.writable;
  }

  get secure(): boolean {
    return this.#socket instanceof tls.TLSSocket;
  }

  get localAddress(): string | undefined {
    return this.#socket.localAddress;
  }

  /** Protocol, cipher and verification of the TLS layer; null on a plain connection. */
  tlsInfo(): SocketTls | null {
    const socket = this.#socket;
    if (!(socket instanceof tls.TLSSocket)) return null;
    const error = socket.authorizationError as Error | string | null | undefined;
    return {
      protocol: socket.getProtocol(),
      cipher: socket.getCipher()?.standardName ?? null,
      authorized: socket.authorized,
      authorizationError: error ? (typeof error === 'string' ? error : error.message) : null,
    };
  }

  /** Writes one command line; `logAs` replaces it in the trace log (AUTH payloads). */
  send(line: string, logAs?: string): void {
    if (this.#failure) throw this.#failure;
    this.#log.trace({ smtp: 'C' }, logAs ?? line);
    this.#socket.write(`${line}\r\n`);
  }

  /** Writes several command lines at once (an RFC 2920 command group), in one segment where possible. */
  sendGroup(lines: readonly string[]): void {
    if (this.#failure) throw this.#failure;
    for (const line of lines) this.#log.trace({ smtp: 'C' }, line);
    this.#socket.write(lines.map((line) => `${line}\r\n`).join(''));
  }

  /** The next reply, waiting at most `timeoutMs`; a timeout breaks the connection. */
  readReply(timeoutMs: number): Promise<ClientReply> {
    const queued = this.#replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#fail(new SmtpClientError('timeout', `no reply within ${timeoutMs} ms`)), timeoutMs);
      this.#waiting = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  async command(line: string, timeoutMs: number, logAs?: string): Promise<ClientReply> {
    this.send(line, logAs);
    return this.readReply(timeoutMs);
  }

  /**
   * Switches to TLS after the server's 220 to STARTTLS. Whatever the server sent after that reply is
   * dropped unread (RFC 3207 §6), so a man in the middle cannot smuggle replies into the TLS session.
   */
  async startTls(options: tls.ConnectionOptions, timeoutMs: number): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#reader.pending || this.#replies.length > 0) this.#log.warn('discarded data the server sent before the TLS handshake');
    this.#reader.clear();
    this.#replies = [];
    const plain = this.#socket;
    this.#detach(plain);
    plain.on('error', () => {});
    const secure = tls.connect({ ...options, socket: plain });
    try {
      await settle(secure, 'secureConnect', timeoutMs);
    } catch (error) {
      secure.on('error', () => {});
      secure.destroy();
      plain.destroy();
      const failure = error instanceof SmtpClientError ? error : new SmtpClientError('tls', error instanceof Error ? error.message : String(error));
      this.#fail(failure);
      throw failure;
    }
    this.#socket = secure;
    this.#attach(secure);
  }

  /**
   * Streams the message after a 354: dot-stuffed, bare CR and LF made CRLF (nodemailer's DataStream, so
   * a lone "\r.\r" can never end the data early), then CRLF.CRLF. Each blocked write may wait at most
   * `blockTimeoutMs` (RFC 5321 §4.5.3.2.5). A source that cannot be opened or read breaks the
   * connection: a partial message must never be ended with a dot. Resolves with the octets sent.
   */
  async sendData(open: () => Readable, blockTimeoutMs: number): Promise<number> {
    if (this.#failure) throw this.#failure;
    let octets = 0;
    try {
      await pipeline(open(), new DataStream(), async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) {
          if (this.#failure) throw this.#failure;
          octets += chunk.length;
          if (!this.#socket.write(chunk)) await this.#drained(blockTimeoutMs);
        }
      });
    } catch (error) {
      if (error instanceof SmtpClientError) throw error;
      this.#fail(new SmtpClientError('closed', 'message could not be read'));
      throw error;
    }
    this.#log.trace({ smtp: 'C', octets }, '<message data>');
    return octets;
  }

  /** QUIT without waiting for the reply (RFC 5321 §4.1.1.10 lets the server close), then close. */
  close(): void {
    const socket = this.#socket;
    if (this.usable) {
      this.#log.trace({ smtp: 'C' }, 'QUIT');
      socket.end('QUIT\r\n');
      setTimeout(() => socket.destroy(), QUIT_LINGER_MS).unref();
      this.#failure = new SmtpClientError('closed', 'connection closed');
    }
    this.#fail(new SmtpClientError('closed', 'connection closed'));
  }

  #attach(socket: net.Socket): void {
    socket.on('data', this.#onData);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
  }

  #detach(socket: net.Socket): void {
    socket.off('data', this.#onData);
    socket.off('error', this.#onError);
    socket.off('close', this.#onClose);
  }

  #receive(chunk: Buffer): void {
    try {
      for (const reply of this.#reader.push(chunk)) {
        this.#log.trace({ smtp: 'S' }, formatReply(reply));
        this.#replies.push(reply);
      }
    } catch (error) {
      const message = error instanceof ReplyFormatError ? error.message : 'unreadable reply';
      this.#fail(new SmtpClientError('protocol', message));
      return;
    }
    this.#handOut();
  }

  #handOut(): void {
    while (this.#waiting && this.#replies.length > 0) {
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting.resolve(this.#replies.shift()!);
    }
  }

  #fail(failure: SmtpClientError): void {
    if (this.#failure === null) {
      this.#failure = failure;
      this.#socket.destroy();
    }
    this.#handOut();
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.reject(this.#failure);
  }

  #drained(timeoutMs: number): Promise<void> {
    const socket = this.#socket;
    return new Promise((resolve, reject) => {
      const done = (error: SmtpClientError | null): void => {
        clearTimeout(timer);
        socket.off('drain', onDrain);
        socket.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = (): void => done(null);
      const onClose = (): void => done(this.#failure ?? new SmtpClientError('closed', 'connection closed by the server'));
      const timer = setTimeout(() => {
        this.#fail(new SmtpClientError('timeout', `message data not taken within ${timeoutMs} ms`));
        done(this.#failure);
      }, timeoutMs);
      socket.on('drain', onDrain);
      socket.on('close', onClose);
    });
  }
}

/** Resolves on `event`, rejects on 'error', 'close' or after `timeoutMs`. */
function settle(socket: net.Socket, event: 'connect' | 'secureConnect', timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error: Error | null): void => {
      clearTimeout(timer);
      socket.off(event, onEvent);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onEvent = (): void => finish(null);
    const onError = (error: Error): void => finish(error);
    const onClose = (): void => finish(new Error('connection closed during set-up'));
    const timer = setTimeout(() => finish(new SmtpClientError('timeout', `not connected within ${timeoutMs} ms`)), timeoutMs);
    socket.on(event, onEvent);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}
