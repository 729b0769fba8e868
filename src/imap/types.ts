// The public contract of the IMAP server: what server/ builds it with and calls.
import type { ListenerConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import type { MailService } from '../mail/types.ts';
import type { TlsProvider } from '../tls/index.ts';
import type { ImapSettings } from './settings.ts';

export interface ImapServerOptions {
  settings: ImapSettings;
  /** The store opens after the listeners are bound (privilege drop); sessions wait for it. */
  mail: Promise<MailService>;
  /** Certificates for STARTTLS and implicit TLS; null = plain text only. */
  tls: TlsProvider | null;
  logger: Logger;
  clock?: () => Date;
}

export interface ImapServer {
  /** Opens one more listener; resolves with the bound address and port (port 0 picks one). */
  listen(listener: ListenerConfig): Promise<{ address: string; port: number }>;
  /** SIGHUP: new limits and timeouts, for sessions from now on and for the running ones' next wait. */
  reconfigure(settings: ImapSettings): void;
  /**
   * Stops accepting. Sessions waiting for the client get `* BYE` and are closed; a command in progress
   * may finish within `graceMs`, after which its connection is destroyed.
   */
  close(graceMs: number): Promise<void>;
  /** Open client connections. */
  readonly connections: number;
}
