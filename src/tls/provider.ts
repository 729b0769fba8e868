// The contract between the certificate store (tls/) and every listener that speaks TLS (SMTP, later
// IMAP, POP3, HTTP). Listeners ask for the context at each handshake, so a renewed certificate is used
// by the next connection without a restart.
import type { SecureContext, SecureVersion } from 'node:tls';

export interface TlsProvider {
  /**
   * The server context for the next handshake. It is built with `minVersion` already applied
   * (`tls.createSecureContext({ minVersion, ... })`): a `tls.TLSSocket` made from an existing context
   * ignores version options of its own. Throws when no certificate is available.
   */
  secureContext(): SecureContext;
  /** Lowest TLS version accepted (`tls.min_version`), for listeners that build their own `tls.Server`. */
  readonly minVersion: SecureVersion;
}
