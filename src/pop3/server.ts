// The POP3 server: listeners (plain, STLS, implicit TLS), connection limits, sessions, reload and
// graceful shutdown, on the lifecycle shared with SMTP and IMAP (src/util/tcp-service.ts). What is
// POP3's own lives here: the `-ERR [SYS/TEMP]` refusals, the maildrop locks shared by all sessions.
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createAuthenticator, type Authenticator } from '../auth/index.ts';
import type { ListenerConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import { acceptTls, serverTlsContext } from '../tls/index.ts';
import { TcpService, type AcceptedClient } from '../util/tcp-service.ts';
import { Pop3Connection } from './connection.ts';
import { MaildropLocks } from './maildrop-lock.ts';
import { Pop3Session, TLS_HANDSHAKE_TIMEOUT_MS } from './session.ts';
import type { Pop3Settings } from './settings.ts';
import type { Pop3Server, Pop3ServerOptions } from './types.ts';
import { formatErr } from './wire/index.ts';

export function createPop3Server(options: Pop3ServerOptions): Pop3Server {
  return new Pop3ListenerServer(options);
}

class Pop3ListenerServer implements Pop3Server {
  readonly #options: Pop3ServerOptions;
  readonly #logger: Logger;
  /** One per server, so its success cache is shared by every session (src/auth/authenticate.ts). */
  readonly #authenticator: Authenticator;
  readonly #locks = new MaildropLocks();
  readonly #service: TcpService<ListenerConfig>;
  #settings: Pop3Settings;

  constructor(options: Pop3ServerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ protocol: 'pop3' });
    this.#settings = options.settings;
    const mail = options.mail;
    this.#authenticator = createAuthenticator({ findAccount: async (address) => (await mail).findAccount(address) });
    this.#service = new TcpService({
      protocol: 'pop3',
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

  reconfigure(settings: Pop3Settings): void {
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
      const secure = await this.#service.handshake(plain, { address }, () => acceptTls(plain, serverTlsContext(tls), TLS_HANDSHAKE_TIMEOUT_MS));
      if (secure === null) return;
      socket = secure;
    }
    const settings = this.#settings;
    const connection = new Pop3Connection(socket, listener.tls === 'implicit', settings.max_line_length);
    if (!admitted || this.#service.closing) {
      // RFC 3206 §4: SYS/TEMP, the client may try again later.
      if (!admitted) this.#logger.warn({ address, connections: this.#service.connections }, 'too many connections');
      await connection.write(formatErr(admitted ? 'Server shutting down' : 'Too many connections', 'SYS/TEMP')).catch(() => {});
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
      new Pop3Session({
        id,
        connection,
        listener: { startTls: listener.tls === 'starttls', requireTls: listener.tls !== 'implicit' && listener.encryption !== 'optional' },
        settings: () => this.#settings,
        mail,
        authenticator: this.#authenticator,
        locks: this.#locks,
        tls,
        logger: this.#logger.child({ session: id, address }),
      }),
    );
  }
}
