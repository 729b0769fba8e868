// The public contract of the POP3 server: what server/ builds it with and calls.
import type { ListenerConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import type { MailService } from '../mail/types.ts';
import type { TlsProvider } from '../tls/index.ts';
import type { Pop3Settings } from './settings.ts';

export interface Pop3ServerOptions {
  settings: Pop3Settings;
  /** The store opens after the listeners are bound (privilege drop); sessions wait for it. */
  mail: Promise<MailService>;
  /** Certificates for STLS and implicit TLS; null = plain text only. */
  tls: TlsProvider | null;
  logger: Logger;
}

export interface Pop3Server {
  /** Opens one more listener; resolves with the bound address and port (port 0 picks one). */
  listen(listener: ListenerConfig): Promise<{ address: string; port: number }>;
  /** SIGHUP: new limits and timeouts, for sessions from now on and for the running ones' next wait. */
  reconfigure(settings: Pop3Settings): void;
  /** Stops accepting; sessions waiting for the client are closed, a running command may finish within `graceMs`. */
  close(graceMs: number): Promise<void>;
  /** Open client connections. */
  readonly connections: number;
}
