// The IMAP server: listeners (plain, STARTTLS, implicit TLS), connection limits, sessions, reload and
// graceful shutdown. One server may listen on several listeners; limits count across them. The same
// shape as smtp/server.ts, sharing its connection limits and TLS handshake.
import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createAuthenticator, type Authenticator } from '../auth/index.ts';
import type { ListenerConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import { acceptTls } from '../tls/index.ts';
import { displayAddress } from '../util/cidr.ts';
import { ConnectionLimits } from '../util/connection-limits.ts';
import { ImapConnection } from './connection.ts';
import { ImapSession } from './session.ts';
import type { ImapSettings } from './settings.ts';
import type { ImapServer, ImapServerOptions } from './types.ts';
import { DEFAULT_READER_LIMITS, formatStatusResponse, type CommandReaderLimits } from './wire/index.ts';

export function createImapServer(options: ImapServerOptions): ImapServer {
  return new ImapListenerServer(options);
}

function readerLimits(settings: ImapSettings): CommandReaderLimits {
  return {
    maxLineLength: settings.max_line_length,
    maxLiteralSize: settings.max_literal_size,
    maxCommandSize: settings.max_command_size,
    maxLiteralsPerCommand: DEFAULT_READER_LIMITS.maxLiteralsPerCommand,
  };
}

class ImapListenerServer implements ImapServer {
  readonly #options: ImapServerOptions;
  readonly #logger: Logger;
  readonly #clock: () => Date;
  /** One per server, so its success cache is shared by every session (src/auth/authenticate.ts). */
  readonly #authenticator: Authenticator;
  #settings: ImapSettings;
  readonly #limits = new ConnectionLimits();
  readonly #listeners: Server[] = [];
  readonly #sessions = new Set<ImapSession>();
  /** Sockets in an implicit-TLS handshake, not yet a session. */
  readonly #handshaking = new Set<Socket>();
  /** Every connection being served, refused or set up: close() waits for all of them. */
  readonly #tasks = new Set<Promise<void>>();
  #closing = false;

  constructor(options: ImapServerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ protocol: 'imap' });
    this.#clock = options.clock ?? (() => new Date());
    this.#settings = options.settings;
    const mail = options.mail;
    this.#authenticator = createAuthenticator({ findAccount: async (address) => (await mail).findAccount(address) });
  }

  get connections(): number {
    return this.#limits.total;
  }

  async listen(listener: ListenerConfig): Promise<{ address: string; port: number }> {
    if (this.#closing) throw new Error('the IMAP server is closing');
    if (listener.protocol !== 'imap') throw new Error(`not an IMAP listener: ${listener.protocol}`);
    if (listener.tls === 'implicit' && !this.#options.tls) throw new Error('an implicit-TLS listener needs a certificate');
    const server = createServer((socket) => this.#accept(socket, listener));
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
    if (bound === null || typeof bound === 'string') throw new Error('an IMAP listener must be a TCP socket');
    return { address: bound.address, port: bound.port };
  }

  reconfigure(settings: ImapSettings): void {
    this.#settings = settings;
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
    const settings = this.#settings;
    const admitted = this.#limits.tryAcquire(address, { total: settings.max_connections, perAddress: settings.max_connections_per_ip });
    const task = this.#serve(socket, listener, address, admitted)
      .catch((err: unknown) => this.#logger.error({ err, address }, 'connection failed'))
      .finally(() => {
        if (admitted) this.#limits.release(address);
        this.#tasks.delete(task);
      });
    this.#tasks.add(task);
  }

  async #serve(plain: Socket, listener: ListenerConfig, address: string, admitted: boolean): Promise<void> {
    let socket: Socket = plain;
    const tls = this.#options.tls;
    if (listener.tls === 'implicit' && tls !== null) {
      // RFC 8314 §3.3: TLS from the first byte; a refused client is told why over TLS.
      this.#handshaking.add(plain);
      try {
        socket = await acceptTls(plain, tls.secureContext(), this.#settings.preauth_timeout);
      } catch (err) {
        this.#logger.info({ address, err: err instanceof Error ? err.message : String(err) }, 'TLS handshake failed');
        plain.destroy();
        return;
      } finally {
        this.#handshaking.delete(plain);
      }
    }
    const settings = this.#settings;
    const connection = new ImapConnection(socket, listener.tls === 'implicit', readerLimits(settings));
    if (!admitted || this.#closing) {
      // RFC 9051 §7.1.5: BYE as the greeting refuses the connection.
      if (!admitted) this.#logger.warn({ address, connections: this.#limits.total }, 'too many connections');
      const text = admitted ? 'Server shutting down' : 'Too many connections, try again later';
      await connection.write(formatStatusResponse({ tag: null, status: 'BYE', code: { name: 'UNAVAILABLE' }, text })).catch(() => {});
      await connection.close();
      return;
    }
    const mail = await this.#options.mail.catch(() => null);
    if (mail === null) {
      connection.destroy();
      return;
    }
    const id = randomBytes(6).toString('base64url');
    const session = new ImapSession({
      id,
      connection,
      listener: { startTls: listener.tls === 'starttls', requireTls: listener.tls !== 'implicit' && listener.require_tls !== false },
      settings: () => this.#settings,
      mail,
      authenticator: this.#authenticator,
      tls,
      logger: this.#logger.child({ session: id, address }),
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
