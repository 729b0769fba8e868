// The byte side of one IMAP connection, and the session's only I/O: input framed by the wire
// CommandReader, output written with back-pressure, and the two layers a connection can gain on the
// way: TLS (STARTTLS) and DEFLATE (COMPRESS, RFC 4978).
//
// - Reading is pull-based: the socket is paused while the reader holds more than HIGH_WATER unframed
//   bytes, so a client pipelining faster than we answer back-pressures itself.
// - Every wait for input has a timeout and ends with IdleTimeout; a peer that is gone ends it with
//   ConnectionClosed once the buffered commands are used up, so pipelined commands before a close still run.
// - Writes resolve once the bytes are accepted without exceeding the stream's buffer (drain awaited);
//   with DEFLATE, `flush()` ends each response batch with a sync flush (RFC 4978 §4) so the client can
//   decode it without waiting for more.
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { SecureContext } from 'node:tls';
import { constants as zlib, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';
import { acceptTls } from '../tls/index.ts';
import { CommandReader, type CommandReaderLimits, type ReaderError, type ReaderEvent } from './wire/index.ts';

export class ConnectionClosed extends Error {
  override readonly name = 'ConnectionClosed';
}

export class IdleTimeout extends Error {
  override readonly name = 'IdleTimeout';
}

/** The connection ended under a command (peer gone, or the idle timeout): not a command failure. */
export function endsSession(error: unknown): boolean {
  return error instanceof ConnectionClosed || error instanceof IdleTimeout;
}

export type LineInput = { readonly kind: 'line'; readonly text: string } | { readonly kind: 'error'; readonly error: ReaderError };

const HIGH_WATER = 256 * 1024;
/** After our last response: how long the client may take to close its side before we cut it. */
const LINGER_MS = 2000;

export class ImapConnection {
  #socket: Socket;
  #tls: boolean;
  #reader: CommandReader;
  readonly #limits: CommandReaderLimits;
  #output: Writable;
  #deflate: DeflateRaw | null = null;
  #inflate: InflateRaw | null = null;
  #inputEnded = false;
  #closing = false;
  #paused = false;
  #wake: (() => void) | null = null;
  readonly #closed: Promise<void>;
  #markClosed: () => void = () => {};

  constructor(socket: Socket, tls: boolean, limits: CommandReaderLimits) {
    this.#socket = socket;
    this.#tls = tls;
    this.#limits = limits;
    this.#reader = new CommandReader(limits);
    this.#output = socket;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    this.#attach(socket);
  }

  get tls(): boolean {
    return this.#tls;
  }

  get compressed(): boolean {
    return this.#deflate !== null;
  }

  /** Whether the socket can still be written to (not closed by the peer or by us). */
  get open(): boolean {
    return !this.#closing && !this.#socket.destroyed;
  }

  /** The next framed command, continuation request or framing error (waits at most `timeoutMs` idle). */
  async nextEvent(timeoutMs: number): Promise<ReaderEvent> {
    for (;;) {
      const event = this.#reader.next();
      this.#resumeIfDrained();
      if (event !== null) return event;
      await this.#waitForInput(timeoutMs);
    }
  }

  /** A bare line (IDLE's DONE, an AUTHENTICATE response), without literal framing. */
  async nextLine(timeoutMs: number): Promise<LineInput> {
    for (;;) {
      const line = this.#reader.nextLine();
      this.#resumeIfDrained();
      if (line !== null) return line;
      await this.#waitForInput(timeoutMs);
    }
  }

  /** Writes bytes, waiting for the stream to drain when its buffer is full. */
  async write(data: string | Uint8Array): Promise<void> {
    const output = this.#output;
    if (!this.open || output.destroyed) throw new ConnectionClosed();
    if (output.write(data)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        output.off('drain', done);
        this.#socket.off('close', gone);
        resolve();
      };
      const gone = (): void => {
        output.off('drain', done);
        reject(new ConnectionClosed());
      };
      output.on('drain', done);
      this.#socket.once('close', gone);
    });
  }

  /** Ends a response batch: with DEFLATE, a sync flush so the client can decode all of it now. */
  flush(): void {
    this.#deflate?.flush(zlib.Z_SYNC_FLUSH);
  }

  /**
   * Runs the server side of the TLS handshake after our OK to STARTTLS has been written. Input the client
   * pipelined after STARTTLS is dropped: it was sent in clear text before TLS (RFC 9051 §6.2.1, the
   * command injection of CVE-2011-0411).
   */
  async startTls(context: SecureContext, timeoutMs: number): Promise<void> {
    await this.#written();
    if (this.#inputEnded) throw new ConnectionClosed();
    const plain = this.#socket;
    this.#detach(plain);
    while (plain.read() !== null);
    this.#reader = new CommandReader(this.#limits);
    try {
      const secure = await acceptTls(plain, context, timeoutMs);
      this.#socket = secure;
      this.#output = secure;
      this.#tls = true;
      this.#paused = false;
      this.#attach(secure);
    } catch (err) {
      this.#inputEnded = true;
      this.#markClosed();
      throw err;
    }
  }

  /**
   * Starts DEFLATE in both directions after our OK to COMPRESS (RFC 4978 §3). The client may not send
   * anything before it has seen that OK, so the reader starts empty. Input switches at once: a client
   * that reads the OK may send compressed bytes before our write callback has run, and those must
   * never reach the plain-text reader. Output switches once the OK itself has gone out uncompressed.
   */
  async startCompression(): Promise<void> {
    const socket = this.#socket;
    socket.off('data', this.#onData);
    this.#reader = new CommandReader(this.#limits);
    const inflate = createInflateRaw();
    inflate.on('data', this.#onInput);
    inflate.on('error', () => this.destroy());
    socket.on('data', (chunk: Buffer) => inflate.write(chunk));
    await this.#written();
    const deflate = createDeflateRaw();
    deflate.on('error', () => this.destroy());
    deflate.pipe(socket);
    this.#inflate = inflate;
    this.#deflate = deflate;
    this.#output = deflate;
  }

  /**
   * Flushes and closes. Input that still arrives is dropped, and the client gets LINGER_MS to close its
   * side, so a reset does not destroy our last response before it is read.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closed;
    this.#closing = true;
    const socket = this.#socket;
    if (socket.destroyed) return this.#closed;
    if (this.#deflate !== null) this.#deflate.end();
    else socket.end();
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    void this.#closed.then(() => clearTimeout(timer));
    return this.#closed;
  }

  destroy(): void {
    this.#closing = true;
    this.#socket.destroy();
  }

  /** Resolves once everything written so far has left our buffers. */
  async #written(): Promise<void> {
    const socket = this.#socket;
    if (socket.destroyed) throw new ConnectionClosed();
    await new Promise<void>((resolve) => socket.write('', () => resolve()));
  }

  #onInput = (chunk: Buffer): void => {
    if (this.#closing) return;
    this.#reader.push(chunk);
    if (this.#reader.bufferedBytes > HIGH_WATER && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
    }
    this.#wake?.();
  };

  #onData = (chunk: Buffer): void => this.#onInput(chunk);

  #onEnd = (): void => {
    this.#inputEnded = true;
    this.#wake?.();
  };

  #onClose = (): void => {
    this.#inputEnded = true;
    this.#closing = true;
    this.#inflate?.destroy();
    this.#markClosed();
    this.#wake?.();
  };

  #onError = (): void => {
    // The close event follows; the session sees ConnectionClosed.
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

  #resumeIfDrained(): void {
    if (this.#paused && this.#reader.bufferedBytes < HIGH_WATER / 2) {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  async #waitForInput(timeoutMs: number): Promise<void> {
    if (this.#inputEnded) throw new ConnectionClosed();
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
}
