// The byte side of one IMAP connection, and the session's only I/O: input framed by the wire
// CommandReader, output written with back-pressure, and the two layers a connection can gain on the
// way: TLS (STARTTLS) and DEFLATE (COMPRESS, RFC 4978).
//
// - Reading is pull-based: the socket is paused while the reader holds too many unframed bytes, so a
//   client pipelining faster than we answer back-pressures itself.
// - Every wait for input has a timeout and ends with IdleTimeout; a peer that is gone ends it with
//   ConnectionClosed once the buffered commands are used up, so pipelined commands before a close still run.
// - Writes resolve once the bytes are accepted without exceeding the stream's buffer (drain awaited);
//   with DEFLATE, `flush()` ends each response batch with a sync flush (RFC 4978 §4) so the client can
//   decode it without waiting for more.
// The socket events, pausing, waits, STARTTLS swap and lingering close are src/util/client-socket.ts.
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { constants as zlib, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';
import { acceptTls, type ServerTlsContext } from '../tls/index.ts';
import { ClientSocket, ConnectionClosed, IdleTimeout } from '../util/client-socket.ts';
import { CommandReader, type CommandReaderLimits, type ReaderError, type ReaderEvent } from './wire/index.ts';

export { ConnectionClosed, IdleTimeout } from '../util/client-socket.ts';

/** The connection ended under a command (peer gone, or the idle timeout): not a command failure. */
export function endsSession(error: unknown): boolean {
  return error instanceof ConnectionClosed || error instanceof IdleTimeout;
}

export type LineInput = { readonly kind: 'line'; readonly text: string } | { readonly kind: 'error'; readonly error: ReaderError };

export class ImapConnection {
  readonly #link: ClientSocket;
  #tls: boolean;
  #reader: CommandReader;
  readonly #limits: CommandReaderLimits;
  #output: Writable;
  #deflate: DeflateRaw | null = null;
  #inflate: InflateRaw | null = null;

  constructor(socket: Socket, tls: boolean, limits: CommandReaderLimits) {
    this.#tls = tls;
    this.#limits = limits;
    this.#reader = new CommandReader(limits);
    this.#output = socket;
    this.#link = new ClientSocket(socket, {
      receive: (chunk) => {
        this.#reader.push(chunk);
        return this.#reader.bufferedBytes;
      },
      onClose: () => this.#inflate?.destroy(),
    });
  }

  get tls(): boolean {
    return this.#tls;
  }

  get compressed(): boolean {
    return this.#deflate !== null;
  }

  /** Whether the socket can still be written to (not closed by the peer or by us). */
  get open(): boolean {
    return this.#link.open;
  }

  /** The next framed command, continuation request or framing error (waits at most `timeoutMs` idle). */
  async nextEvent(timeoutMs: number): Promise<ReaderEvent> {
    for (;;) {
      const event = this.#reader.next();
      this.#link.consumed(this.#reader.bufferedBytes);
      if (event !== null) return event;
      await this.#link.waitForInput(timeoutMs);
    }
  }

  /** A bare line (IDLE's DONE, an AUTHENTICATE response), without literal framing. */
  async nextLine(timeoutMs: number): Promise<LineInput> {
    for (;;) {
      const line = this.#reader.nextLine();
      this.#link.consumed(this.#reader.bufferedBytes);
      if (line !== null) return line;
      await this.#link.waitForInput(timeoutMs);
    }
  }

  /** Writes bytes, waiting for the stream to drain when its buffer is full. */
  async write(data: string | Uint8Array): Promise<void> {
    const output = this.#output;
    if (!this.open || output.destroyed) throw new ConnectionClosed();
    if (output.write(data)) return;
    const socket = this.#link.socket;
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        output.off('drain', done);
        socket.off('close', gone);
        resolve();
      };
      const gone = (): void => {
        output.off('drain', done);
        reject(new ConnectionClosed());
      };
      output.on('drain', done);
      socket.once('close', gone);
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
  async startTls(context: ServerTlsContext, timeoutMs: number): Promise<void> {
    await this.#written();
    this.#output = await this.#link.startTls((plain) => {
      this.#reader = new CommandReader(this.#limits);
      return acceptTls(plain, context, timeoutMs);
    });
    this.#tls = true;
  }

  /**
   * Starts DEFLATE in both directions after our OK to COMPRESS (RFC 4978 §3). The client may not send
   * anything before it has seen that OK, so the reader starts empty. Input switches at once: a client
   * that reads the OK may send compressed bytes before our write callback has run, and those must
   * never reach the plain-text reader. Output switches once the OK itself has gone out uncompressed.
   */
  async startCompression(): Promise<void> {
    this.#reader = new CommandReader(this.#limits);
    const inflate = createInflateRaw();
    inflate.on('data', (chunk: Buffer) => this.#link.input(chunk));
    inflate.on('error', () => this.destroy());
    this.#link.divertInput((chunk) => inflate.write(chunk));
    await this.#written();
    const deflate = createDeflateRaw();
    deflate.on('error', () => this.destroy());
    deflate.pipe(this.#link.socket);
    this.#inflate = inflate;
    this.#deflate = deflate;
    this.#output = deflate;
  }

  /** Ends the output (DEFLATE's end included) and closes, lingering for the client (ClientSocket.close). */
  close(): Promise<void> {
    return this.#link.close(this.#output);
  }

  destroy(): void {
    this.#link.destroy();
  }

  /** Resolves once everything written so far has left our buffers. */
  async #written(): Promise<void> {
    const socket = this.#link.socket;
    if (socket.destroyed) throw new ConnectionClosed();
    await new Promise<void>((resolve) => socket.write('', () => resolve()));
  }
}
