// The public contract of the inbound SMTP server: what server/ builds it with and calls.
import type { Authenticator } from '../auth/index.ts';
import type { Config, ListenerConfig } from '../config/index.ts';
import type { DeliveryTarget } from '../delivery/types.ts';
import type { Logger } from '../log/index.ts';
import type { TlsProvider } from '../tls/provider.ts';
import type { NetworkList } from '../util/cidr.ts';

/** The `[smtp]` settings the server enforces (sizes in octets, durations in milliseconds). */
export type SmtpSettings = Pick<
  Config['smtp'],
  | 'max_message_size'
  | 'max_recipients'
  | 'max_line_length'
  | 'max_errors'
  | 'max_commands'
  | 'max_connections'
  | 'max_connections_per_ip'
  | 'command_timeout'
  | 'data_timeout'
  | 'auth_failure_delay'
>;

export interface SmtpServerOptions {
  /** Our name: greeting, EHLO, Received headers. */
  hostname: string;
  settings: SmtpSettings;
  delivery: DeliveryTarget;
  /** Certificates for STARTTLS and implicit TLS; null = plain text only. */
  tls: TlsProvider | null;
  logger: Logger;
  clock?: () => Date;
  /** `smtp.relay_networks`: sets ClientInfo.inRelayNetwork. */
  relayNetworks: NetworkList;
  /** Checks AUTH credentials on submission listeners. */
  authenticator: Authenticator;
}

export interface SmtpServer {
  /** Opens one more listener (`smtp` or `submission`); resolves with the bound address and port (port 0 picks one). */
  listen(listener: ListenerConfig): Promise<{ address: string; port: number }>;
  /** SIGHUP: new settings for sessions and transactions that start from now on. */
  reconfigure(settings: SmtpSettings, relayNetworks: NetworkList): void;
  /**
   * Stops accepting. Sessions without a transaction get 421 4.3.2 and are closed; a session in a
   * transaction may finish it within `graceMs`, after which it is destroyed and its transaction aborted.
   */
  close(graceMs: number): Promise<void>;
  /** Open client connections. */
  readonly connections: number;
}
