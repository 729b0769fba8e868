// The inbound SMTP server: listeners (plain, STARTTLS, implicit TLS), connection limits, sessions,
// reload and graceful shutdown. One server may listen on several listeners; limits count across them.
import { createServer, type Server, type Socket } from 'node:net';
import type { ListenerConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import { displayAddress, type NetworkList } from '../util/cidr.ts';
import { ConnectionLimits } from '../util/connection-limits.ts';
import { SmtpConnection } from './connection.ts';
import * as replies from './replies.ts';
import { SmtpSession } from './session.ts';
import { acceptTls, tlsInfo, type TlsInfo } from '../tls/index.ts';
import type { SmtpServer, SmtpServerOptions, SmtpSettings } from './types.ts';
import { serializeReply } from './wire/reply.ts';

export function createSmtpServer(options: SmtpServerOptions): SmtpServer {
  return new InboundSmtpServer(options);
}

class InboundSmtpServer implements SmtpServer {
  readonly #options: SmtpServerOptions;
  readonly #logger: Logger;
  readonly #clock: () => Date;
  #settings: SmtpSettings;
  #relayNetworks: NetworkList;
  readonly #limits = new ConnectionLimits();
  readonly #listeners: Server[] = [];
  readonly #sessions = new Set<SmtpSession>();
  /** Sockets in an implicit-TLS handshake, not yet a session. */
  readonly #handshaking = new Set<Socket>();
  /** Every connection being served, refused or set up: close() waits for all of them. */
  readonly #tasks = new Set<Promise<void>>();
  #closing = false;

  constructor(options: SmtpServerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ protocol: 'smtp' });
    this.#clock = options.clock ?? (() => new Date());
    this.#settings = options.settings;
    this.#relayNetworks = options.relayNetworks;
  }

  get connections(): number {
    return this.#limits.total;
  }

  async listen(listener: ListenerConfig): Promise<{ address: string; port: number }> {
    if (this.#closing) throw new Error('the SMTP server is closing');
    if (listener.protocol !== 'smtp') throw new Error(`not an SMTP listener: ${listener.protocol}`);
    if (listener.tls === 'implicit' && !this.#options.tls) throw new Error('an implicit-TLS listener needs a certificate');
    // Half-open: a client that sends QUIT and shuts down its side still gets the 221.
    const server = createServer({ allowHalfOpen: true }, (socket) => this.#accept(socket, listener));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listener.port, listener.address, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.#logger.error({ err }, 'listener failed'));
    this.#listeners.push(server);
    const bound = server.address();
    if (bound === null || typeof bound === 'string') throw new Error('an SMTP listener must be a TCP socket');
    return { address: bound.address, port: bound.port };
  }

  reconfigure(settings: SmtpSettings, relayNetworks: NetworkList): void {
    this.#settings = settings;
    this.#relayNetworks = relayNetworks;
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

  #accept(socket: Socket, listener: ListenerConfig): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    const address = displayAddress(socket.remoteAddress ?? '');
    const port = socket.remotePort ?? 0;
    const settings = this.#settings;
    const admitted = this.#limits.tryAcquire(address, { total: settings.max_connections, perAddress: settings.max_connections_per_ip });
    const task = this.#serve(socket, listener, address, port, admitted)
      .catch((err: unknown) => this.#logger.error({ err, address }, 'connection failed'))
      .finally(() => {
        if (admitted) this.#limits.release(address);
        this.#tasks.delete(task);
      });
    this.#tasks.add(task);
  }

  async #serve(socket: Socket, listener: ListenerConfig, address: string, port: number, admitted: boolean): Promise<void> {
    let stream: Socket = socket;
    let tls: TlsInfo | null = null;
    if (listener.tls === 'implicit' && this.#options.tls) {
      // RFC 8314 §3.3: TLS from the first byte. A refused client is told why over TLS, as Postfix does.
      this.#handshaking.add(socket);
      try {
        const secure = await acceptTls(socket, this.#options.tls.secureContext(), this.#settings.command_timeout);
        stream = secure;
        tls = tlsInfo(secure);
      } catch (err) {
        this.#logger.info({ address, port, err: err instanceof Error ? err.message : String(err) }, 'TLS handshake failed');
        socket.destroy();
        return;
      } finally {
        this.#handshaking.delete(socket);
      }
    }
    const connection = new SmtpConnection(stream, tls);
    if (!admitted || this.#closing) {
      const reply = admitted ? replies.shuttingDown(this.#options.hostname) : replies.tooManyConnections;
      if (!admitted) this.#logger.warn({ address, port, connections: this.#limits.total }, 'too many connections');
      connection.send(serializeReply(reply));
      await connection.close();
      return;
    }
    const session = new SmtpSession({
      connection,
      address,
      port,
      hostname: this.#options.hostname,
      settings: () => this.#settings,
      relayNetworks: () => this.#relayNetworks,
      delivery: this.#options.delivery,
      tls: this.#options.tls,
      listener: { tls: listener.tls, requireTls: listener.tls === 'starttls' && listener.require_tls === true },
      logger: this.#logger,
      clock: this.#clock,
    });
    this.#sessions.add(session);
    try {
      await session.run();
    } finally {
      this.#sessions.delete(session);
    }
  }
}
