// The web listeners as the composition root sees them.
import type { ListenerConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import type { AcmeChallenges } from '../tls/acme/index.ts';
import type { TlsProvider } from '../tls/index.ts';

export interface WebServer {
  listen(listener: ListenerConfig): Promise<{ address: string; port: number }>;
  /** Stops the listeners; open connections get `graceMs` to finish. */
  close(graceMs: number): Promise<void>;
}

export interface WebServerOptions {
  /** The ACME challenges being answered (shared with the ACME manager). */
  readonly challenges: AcmeChallenges;
  readonly logger: Logger;
}

export interface HttpsServerOptions extends WebServerOptions {
  /** The certificate for handshakes that are not ACME challenges. */
  readonly tls: TlsProvider;
}
