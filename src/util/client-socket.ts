// The socket side of one client connection, shared by the protocol connections (SMTP, IMAP): input
// events fed to the protocol's own buffer with back-pressure, waits for input with a timeout, the swap
// to a TLS socket for STARTTLS, and a lingering close. Framing, replies and protocol layers (pipelined
// reply queues, DEFLATE) stay with each protocol's connection.
//
// Contract:
// - The protocol's `receive` takes every input chunk and returns how many bytes it now holds unread;
//   above HIGH_WATER the socket is paused, and it resumes once the protocol reports (`consumed`) fewer
//   than half of that or waits for more input, so a fast client back-pressures itself.
// - waitForInput() ends with IdleTimeout after its timeout and with ConnectionClosed once the peer has
//   ended its side; the protocol uses up what it already holds first, so pipelined commands still run.
// - After close() or destroy(), or once the socket has closed, input is dropped; `closed` resolves when
//   the socket has closed (or a STARTTLS handshake has failed).
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';

export class ConnectionClosed extends Error {
  override readonly name = 'ConnectionClosed';
}

export class IdleTimeout extends Error {
  override readonly name = 'IdleTimeout';
}

export interface ClientSocketHandlers {
  /** Takes an input chunk; returns the bytes the protocol now holds unread. */
  readonly receive: (chunk: Buffer) => number;
  /** Runs before each wait for input (SMTP sends its queued replies then). */
  readonly beforeWait?: () => void;
  /** Runs first when the socket closes (to release a decoding layer). */
  readonly onClose?: () => void;
}

const HIGH_WATER = 256 * 1024;
/** After our last reply: how long the client may take to close its side before we cut it. */
const LINGER_MS = 2000;

export class ClientSocket {
  #socket: Socket;
  readonly #handlers: ClientSocketHandlers;
  #inputEnded = false;
  #closing = false;
  #paused = false;
  #wake: (() => void) | null = null;
  #error: Error | null = null;
  readonly closed: Promise<void>;
  #markClosed: () => void = () => {};

  constructor(socket: Socket, handlers: ClientSocketHandlers) {
    this.#socket = socket;
    this.#handlers = handlers;
    this.closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    this.#attach(socket);
  }

  /** The current socket: the TLS one after startTls(). */
  get socket(): Socket {
    return this.#socket;
  }

  /** The first socket error, if one happened (the close event follows it). */
  get error(): Error | null {
    return this.#error;
  }

  /** Whether the socket can still be written to (not closed by the peer or by us). */
  get open(): boolean {
    return !this.#closing && !this.#socket.destroyed;
  }

  /** Set by close() and destroy(), and once the socket has closed. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Input bytes, from the socket or from a decoding layer in front of it (DEFLATE). */
  input(chunk: Buffer): void {
    if (this.#closing) return;
    if (this.#handlers.receive(chunk) > HIGH_WATER && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
    }
    this.#wake?.();
  }

  /** Sends the socket's input to `decode` (a DEFLATE layer) instead of straight to input(). */
  divertInput(decode: (chunk: Buffer) => void): void {
    this.#socket.off('data', this.#onData);
    this.#socket.on('data', decode);
  }

  /** The protocol has used input up to `unread` bytes left: resumes a paused socket below half the mark. */
  consumed(unread: number): void {
    if (this.#paused && unread < HIGH_WATER / 2) {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  async waitForInput(timeoutMs: number): Promise<void> {
    if (this.#inputEnded) throw new ConnectionClosed();
    this.#handlers.beforeWait?.();
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

  /**
   * Moves to the socket `handshake` secures. Input still buffered in the plain socket is read and
   * dropped before the handshake: it was sent in clear text ahead of TLS (CVE-2011-0411). A failed
   * handshake ends the connection.
   */
  async startTls<T extends Socket>(handshake: (plain: Socket) => Promise<T>): Promise<T> {
    if (this.#inputEnded) throw new ConnectionClosed();
    const plain = this.#socket;
    this.#detach(plain);
    while (plain.read() !== null);
    try {
      const secure = await handshake(plain);
      this.#socket = secure;
      this.#paused = false;
      this.#attach(secure);
      // The client may have gone in the instant between the handshake and the attach: its close (or
      // end) was then emitted to nobody, and the session would wait for input until its timeout.
      if (secure.destroyed) this.#onClose();
      else if (secure.readableEnded) this.#onEnd();
      return secure;
    } catch (err) {
      this.#inputEnded = true;
      this.#markClosed();
      throw err;
    }
  }

  /**
   * Ends `output` (the socket, or a layer piped into it) and closes. Input that still arrives is read
   * and dropped, and the client gets LINGER_MS to close its side, so a reset does not destroy our last
   * reply before it is read.
   */
  close(output: Writable = this.#socket): Promise<void> {
    if (this.#closing) return this.closed;
    this.#closing = true;
    const socket = this.#socket;
    if (socket.destroyed) return this.closed;
    output.end();
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    void this.closed.then(() => clearTimeout(timer));
    return this.closed;
  }

  destroy(): void {
    this.#closing = true;
    this.#socket.destroy();
  }

  #onData = (chunk: Buffer): void => this.input(chunk);

  #onEnd = (): void => {
    this.#inputEnded = true;
    this.#wake?.();
  };

  #onClose = (): void => {
    this.#inputEnded = true;
    this.#closing = true;
    this.#handlers.onClose?.();
    this.#markClosed();
    this.#wake?.();
  };

  #onError = (err: Error): void => {
    this.#error ??= err;
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
}
