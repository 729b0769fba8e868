// The contract between the certificates (tls/) and every listener that speaks TLS (SMTP, IMAP, POP3,
// later HTTP). The certificate is chosen per handshake: a listener takes a ServerTlsContext when TLS
// starts (at connect for implicit TLS, at STARTTLS/STLS otherwise) and the handshake asks it for the
// certificate matching the client's server_name (SNI, RFC 6066 §3). A reload (SIGHUP, a renewed
// certificate) therefore applies to the next handshake without a restart.
import type { SecureContext, SecureVersion } from 'node:tls';

export interface TlsProvider {
  /**
   * The server context of the certificate for `servername` (the client's SNI name): an exact name,
   * else a `*.` wildcard one label deep (RFC 6125 §6.4.3), else the default certificate; without a
   * name, the default. Every context is built with the TLS policy applied (`minVersion`, ciphers):
   * a `tls.TLSSocket` made from an existing context ignores version options of its own.
   * Throws when no certificate is available.
   */
  secureContext(servername?: string): SecureContext;
  /** Lowest TLS version accepted (`tls.min_version`), for listeners that build their own `tls.Server`. */
  readonly minVersion: SecureVersion;
}

/**
 * What one server-side handshake needs, in node's own option names (spread it into `new TLSSocket(socket,
 * { isServer: true, ...context })`): the default certificate's context, and the callback OpenSSL calls
 * with the client's server_name to switch to the certificate for that name.
 */
export interface ServerTlsContext {
  readonly secureContext: SecureContext;
  readonly SNICallback: (servername: string, done: (err: Error | null, context?: SecureContext) => void) => void;
}

/**
 * The handshake context of a provider. Takes the default context now, so a provider without a usable
 * certificate throws here (where STARTTLS can still answer "454 TLS not available") rather than during
 * the handshake; the SNI choice is made by the provider when the client's hello arrives.
 */
export function serverTlsContext(provider: TlsProvider): ServerTlsContext {
  return {
    secureContext: provider.secureContext(),
    SNICallback(servername, done) {
      let context: SecureContext;
      try {
        context = provider.secureContext(servername);
      } catch (err) {
        done(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      done(null, context);
    },
  };
}
