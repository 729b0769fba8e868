// The inbound SMTP server: listeners (plain, STARTTLS, implicit TLS), connection limits, sessions,
// reload and graceful shutdown, on the lifecycle shared with IMAP (src/util/tcp-service.ts). What is
// SMTP's own lives here: the implicit-TLS timeout, the 421 refusals and the session's options.
import type { Socket } from 'node:net';
import type { ListenerConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import type { NetworkList } from '../util/cidr.ts';
import { TcpService, type AcceptedClient } from '../util/tcp-service.ts';
import { SmtpConnection } from './connection.ts';
import * as replies from './replies.ts';
import { SmtpSession } from './session.ts';
import { acceptTls, serverTlsContext, tlsInfo, type TlsInfo } from '../tls/index.ts';
import type { SmtpServer, SmtpServerOptions, SmtpSettings } from './types.ts';
import { serializeReply } from './wire/reply.ts';

export function createSmtpServer(options: SmtpServerOptions): SmtpServer {
  return new InboundSmtpServer(options);
}

class InboundSmtpServer implements SmtpServer {
  readonly #options: SmtpServerOptions;
  readonly #logger: Logger;
  readonly #clock: () => Date;
  readonly #service: TcpService<ListenerConfig>;
  #settings: SmtpSettings;
  #relayNetworks: NetworkList;

  constructor(options: SmtpServerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ protocol: 'smtp' });
    this.#clock = options.clock ?? (() => new Date());
    this.#settings = options.settings;
    this.#relayNetworks = options.relayNetworks;
    this.#service = new TcpService({
      protocol: 'smtp',
      also: ['submission'],
      logger: this.#logger,
      hasCertificate: options.tls !== null,
      // Half-open: a client that sends QUIT and shuts down its side still gets the 221.
      allowHalfOpen: true,
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

  reconfigure(settings: SmtpSettings, relayNetworks: NetworkList): void {
    this.#settings = settings;
    this.#relayNetworks = relayNetworks;
  }

  close(graceMs: number): Promise<void> {
    return this.#service.close(graceMs);
  }

  async #serve({ socket, listener, address, port, admitted }: AcceptedClient<ListenerConfig>): Promise<void> {
    let stream: Socket = socket;
    let tls: TlsInfo | null = null;
    const provider = this.#options.tls;
    if (listener.tls === 'implicit' && provider) {
      // RFC 8314 §3.3: TLS from the first byte. A refused client is told why over TLS, as Postfix does.
      const secured = await this.#service.handshake(socket, { address, port }, async () => {
        const secure = await acceptTls(socket, serverTlsContext(provider), this.#settings.command_timeout);
        return { secure, info: tlsInfo(secure) };
      });
      if (secured === null) return;
      stream = secured.secure;
      tls = secured.info;
    }
    const connection = new SmtpConnection(stream, tls);
    if (!admitted || this.#service.closing) {
      const reply = admitted ? replies.shuttingDown(this.#options.hostname) : replies.tooManyConnections;
      if (!admitted) this.#logger.warn({ address, port, connections: this.#service.connections }, 'too many connections');
      connection.send(serializeReply(reply));
      await connection.close();
      return;
    }
    await this.#service.runSession(
      new SmtpSession({
        connection,
        address,
        port,
        hostname: this.#options.hostname,
        settings: () => this.#settings,
        relayNetworks: () => this.#relayNetworks,
        delivery: this.#options.delivery,
        tls: this.#options.tls,
        listener: { tls: listener.tls, requireTls: listener.tls === 'starttls' && listener.encryption === 'required', submission: listener.protocol === 'submission' },
        authenticator: this.#options.authenticator,
        logger: this.#logger,
        clock: this.#clock,
      }),
    );
  }
}
