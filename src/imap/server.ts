// The IMAP server: listeners (plain, STARTTLS, implicit TLS), connection limits, sessions, reload and
// graceful shutdown, on the lifecycle shared with SMTP (src/util/tcp-service.ts). What is IMAP's own
// lives here: the implicit-TLS timeout, the BYE refusals, the reader limits and the session's options.
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createAuthenticator, type Authenticator } from '../auth/index.ts';
import type { ListenerConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import { acceptTls, serverTlsContext } from '../tls/index.ts';
import { TcpService, type AcceptedClient } from '../util/tcp-service.ts';
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
  readonly #service: TcpService<ListenerConfig>;
  #settings: ImapSettings;

  constructor(options: ImapServerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ protocol: 'imap' });
    this.#clock = options.clock ?? (() => new Date());
    this.#settings = options.settings;
    const mail = options.mail;
    this.#authenticator = createAuthenticator({ findAccount: async (address) => (await mail).findAccount(address) });
    this.#service = new TcpService({
      protocol: 'imap',
      logger: this.#logger,
      hasCertificate: options.tls !== null,
      allowHalfOpen: false,
      limits: () => this.#settings,
      serve: (client) => this.#serve(client),
    });
  }

  get connections(): number {
    return this.#service.connections;
  }

  listen(listener: ListenerConfig): Promise<{ address: string; port: number }> {
    return this.#service.listen(listener);
  }

  reconfigure(settings: ImapSettings): void {
    this.#settings = settings;
  }

  close(graceMs: number): Promise<void> {
    return this.#service.close(graceMs);
  }

  async #serve({ socket: plain, listener, address, admitted }: AcceptedClient<ListenerConfig>): Promise<void> {
    let socket: Socket = plain;
    const tls = this.#options.tls;
    if (listener.tls === 'implicit' && tls !== null) {
      // RFC 8314 §3.3: TLS from the first byte; a refused client is told why over TLS.
      const secure = await this.#service.handshake(plain, { address }, () => acceptTls(plain, serverTlsContext(tls), this.#settings.preauth_timeout));
      if (secure === null) return;
      socket = secure;
    }
    const settings = this.#settings;
    const connection = new ImapConnection(socket, listener.tls === 'implicit', readerLimits(settings));
    if (!admitted || this.#service.closing) {
      // RFC 9051 §7.1.5: BYE as the greeting refuses the connection.
      if (!admitted) this.#logger.warn({ address, connections: this.#service.connections }, 'too many connections');
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
    await this.#service.runSession(
      new ImapSession({
        id,
        connection,
        listener: { startTls: listener.tls === 'starttls', requireTls: listener.tls !== 'implicit' && listener.encryption !== 'optional' },
        settings: () => this.#settings,
        mail,
        authenticator: this.#authenticator,
        tls,
        logger: this.#logger.child({ session: id, address }),
        clock: this.#clock,
      }),
    );
  }
}
