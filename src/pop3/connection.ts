// The byte side of one POP3 connection, and the session's only I/O: input framed into lines by the
// wire LineReader, output written with back-pressure, and the switch to TLS for STLS (RFC 2595 §4).
// The socket events, pausing, waits and lingering close are src/util/client-socket.ts.
import type { Socket } from 'node:net';
import { acceptTls, type ServerTlsContext } from '../tls/index.ts';
import { ClientSocket, ConnectionClosed } from '../util/client-socket.ts';
import { LineReader, type LineEvent } from './wire/index.ts';

export { ConnectionClosed, IdleTimeout } from '../util/client-socket.ts';

export class Pop3Connection {
  readonly #link: ClientSocket;
  readonly #maxLineLength: number;
  #reader: LineReader;
  #tls: boolean;

  constructor(socket: Socket, tls: boolean, maxLineLength: number) {
    this.#tls = tls;
    this.#maxLineLength = maxLineLength;
    this.#reader = new LineReader(maxLineLength);
    this.#link = new ClientSocket(socket, {
      receive: (chunk) => {
        this.#reader.push(chunk);
        return this.#reader.bufferedBytes;
      },
    });
  }

  get tls(): boolean {
    return this.#tls;
  }

  get open(): boolean {
    return this.#link.open;
  }

  /** The next line, or `too-long`; waits at most `timeoutMs` for input (IdleTimeout, ConnectionClosed). */
  async nextLine(timeoutMs: number): Promise<LineEvent> {
    for (;;) {
      const event = this.#reader.next();
      this.#link.consumed(this.#reader.bufferedBytes);
      if (event !== null) return event;
      await this.#link.waitForInput(timeoutMs);
    }
  }

  /** Writes bytes, waiting for the socket to drain when its buffer is full. */
  async write(data: string | Uint8Array): Promise<void> {
    const socket = this.#link.socket;
    if (!this.open) throw new ConnectionClosed();
    if (socket.write(data)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        socket.off('close', gone);
        resolve();
      };
      const gone = (): void => {
        socket.off('drain', done);
        reject(new ConnectionClosed());
      };
      socket.once('drain', done);
      socket.once('close', gone);
    });
  }

  /**
   * The server side of the TLS handshake, after `+OK` to STLS has been written. Input the client
   * pipelined after STLS is dropped: it was sent in clear text (RFC 2595 §4, CVE-2011-0411).
   */
  async startTls(context: ServerTlsContext, timeoutMs: number): Promise<void> {
    const socket = this.#link.socket;
    await new Promise<void>((resolve) => socket.write('', () => resolve()));
    await this.#link.startTls((plain) => {
      this.#reader = new LineReader(this.#maxLineLength);
      return acceptTls(plain, context, timeoutMs);
    });
    this.#tls = true;
  }

  close(): Promise<void> {
    return this.#link.close();
  }

  destroy(): void {
    this.#link.destroy();
  }
}
