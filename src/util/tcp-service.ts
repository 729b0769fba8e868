// The listener and connection lifecycle shared by the protocol servers (SMTP, IMAP): binding listeners,
// connection limits, tracking every connection being served, and graceful shutdown. The protocol supplies
// `serve`, which owns the conversation (implicit TLS, greeting or refusal, session); this module never
// writes a byte to a client, so each protocol keeps its own words for "busy" and "shutting down".
//
// Contract:
// - listen() refuses once close() has begun, a listener of another protocol, and an implicit-TLS
//   listener without a certificate; it resolves with the bound address once the socket listens.
// - Every accepted socket becomes one task that close() waits for. A socket accepted while closing is
//   destroyed at once. A socket over a limit is still handed to `serve` with `admitted: false`, so the
//   protocol can tell the client why; only an admitted socket holds a slot, released when its task ends.
// - close(graceMs) stops the listeners, destroys sockets still in an implicit-TLS handshake, asks every
//   session to shut down at its next safe point, and destroys the sessions still running after graceMs.
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../log/index.ts';
import { displayAddress } from './cidr.ts';
import { ConnectionLimits } from './connection-limits.ts';

/** What the service reads of a configured listener (config's ListenerConfig). */
export interface ServiceListener {
  readonly protocol: string;
  readonly address: string;
  readonly port: number;
  readonly tls: string;
}

/** The limits in force, as both protocols' settings name them. */
export interface ConnectionLimitSettings {
  readonly max_connections: number;
  readonly max_connections_per_ip: number;
}

/** A protocol session as the service drives it. */
export interface ServedSession {
  /** Runs the session to its end. */
  run(): Promise<void>;
  /** The server is closing: end politely at the next safe point. */
  shutdown(): void;
  /** The grace period is over: cut the connection. */
  destroy(): void;
}

export interface AcceptedClient<L extends ServiceListener> {
  readonly socket: Socket;
  readonly listener: L;
  /** The client's address for limits and logs (an IPv4-mapped IPv6 address shown as IPv4). */
  readonly address: string;
  readonly port: number;
  /** False when a connection limit is reached: the protocol refuses the client with a reason. */
  readonly admitted: boolean;
}

export interface TcpServiceOptions<L extends ServiceListener> {
  /** Further listener protocols the same server serves (SMTP: `submission`). */
  also?: readonly string[];
  /** The listener protocol served (`smtp`, `imap`); upper-cased, it names the server in errors. */
  readonly protocol: string;
  readonly logger: Logger;
  /** Whether a certificate is configured, so implicit-TLS listeners can be served. */
  readonly hasCertificate: boolean;
  /** Keep our side writable after the client ends its own (net.createServer's allowHalfOpen). */
  readonly allowHalfOpen: boolean;
  /** Read at each accept, so a reload applies to the next connection. */
  readonly limits: () => ConnectionLimitSettings;
  readonly serve: (client: AcceptedClient<L>) => Promise<void>;
}

export class TcpService<L extends ServiceListener> {
  readonly #options: TcpServiceOptions<L>;
  readonly #name: string;
  readonly #limits = new ConnectionLimits();
  readonly #listeners: Server[] = [];
  readonly #sessions = new Set<ServedSession>();
  /** Sockets in an implicit-TLS handshake, not yet a session. */
  readonly #handshaking = new Set<Socket>();
  /** Every connection being served, refused or set up: close() waits for all of them. */
  readonly #tasks = new Set<Promise<void>>();
  #closing = false;

  constructor(options: TcpServiceOptions<L>) {
    this.#options = options;
    this.#name = options.protocol.toUpperCase();
  }

  /** Connections holding a slot, across every listener. */
  get connections(): number {
    return this.#limits.total;
  }

  get closing(): boolean {
    return this.#closing;
  }

  async listen(listener: L): Promise<{ address: string; port: number }> {
    if (this.#closing) throw new Error(`the ${this.#name} server is closing`);
    if (!(this.#options.also ?? []).includes(listener.protocol) && listener.protocol !== this.#options.protocol) throw new Error(`not an ${this.#name} listener: ${listener.protocol}`);
    if (listener.tls === 'implicit' && !this.#options.hasCertificate) throw new Error('an implicit-TLS listener needs a certificate');
    const server = createServer({ allowHalfOpen: this.#options.allowHalfOpen }, (socket) => this.#accept(socket, listener));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listener.port, listener.address, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.#options.logger.error({ err }, 'listener failed'));
    this.#listeners.push(server);
    const bound = server.address();
    if (bound === null || typeof bound === 'string') throw new Error(`an ${this.#name} listener must be a TCP socket`);
    return { address: bound.address, port: bound.port };
  }

  /**
   * Runs an implicit-TLS handshake (RFC 8314 §3.3) that close() can cut short. A failure is logged with
   * `fields` and destroys the socket; the result is then null.
   */
  async handshake<T>(socket: Socket, fields: Record<string, unknown>, run: () => Promise<T>): Promise<T | null> {
    this.#handshaking.add(socket);
    try {
      return await run();
    } catch (err) {
      this.#options.logger.info({ ...fields, err: err instanceof Error ? err.message : String(err) }, 'TLS handshake failed');
      socket.destroy();
      return null;
    } finally {
      this.#handshaking.delete(socket);
    }
  }

  /** Runs `session` to its end, reachable by close() meanwhile. */
  async runSession(session: ServedSession): Promise<void> {
    this.#sessions.add(session);
    try {
      await session.run();
    } finally {
      this.#sessions.delete(session);
    }
  }

  async close(graceMs: number): Promise<void> {
    this.#closing = true;
    const listenersClosed = this.#listeners.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    for (const socket of this.#handshaking) socket.destroy();
    for (const session of this.#sessions) session.shutdown();
    const grace = setTimeout(() => {
      for (const session of this.#sessions) session.destroy();
    }, graceMs);
    try {
      await Promise.all(this.#tasks);
    } finally {
      clearTimeout(grace);
    }
    await Promise.all(listenersClosed);
  }

  #accept(socket: Socket, listener: L): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    const address = displayAddress(socket.remoteAddress ?? '');
    const port = socket.remotePort ?? 0;
    const limits = this.#options.limits();
    const admitted = this.#limits.tryAcquire(address, { total: limits.max_connections, perAddress: limits.max_connections_per_ip });
    const task = this.#options
      .serve({ socket, listener, address, port, admitted })
      .catch((err: unknown) => this.#options.logger.error({ err, address }, 'connection failed'))
      .finally(() => {
        if (admitted) this.#limits.release(address);
        this.#tasks.delete(task);
      });
    this.#tasks.add(task);
  }
}
