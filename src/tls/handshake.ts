// Server-side TLS on an accepted TCP socket, for every protocol: for implicit-TLS listeners at connect
// (RFC 8314 §3.3) and after STARTTLS (RFC 3207 §4, RFC 9051 §6.2.1). The handshake is bounded by a
// timeout, and picks the certificate by the client's server_name (RFC 6066 §3) through the context's
// SNICallback.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { ServerTlsContext } from './provider.ts';

export interface TlsInfo {
  /** "TLSv1.3" */
  protocol: string;
  /** IANA cipher suite name, as Postfix logs it: "TLS_AES_256_GCM_SHA384". */
  cipher: string;
}

export class TlsHandshakeError extends Error {
  override readonly name = 'TlsHandshakeError';
}

/** Resolves with the encrypted socket once the handshake completes; destroys the socket on failure. */
export function acceptTls(socket: Socket, context: ServerTlsContext, timeoutMs: number): Promise<TLSSocket> {
  // Errors of the TCP socket now surface on the TLS socket; the plain one must not crash the process.
  socket.on('error', ignore);
  const secure = new TLSSocket(socket, { isServer: true, secureContext: context.secureContext, SNICallback: context.SNICallback });
  return new Promise((resolve, reject) => {
    const fail = (cause: string): void => {
      cleanup();
      secure.on('error', ignore);
      secure.destroy();
      reject(new TlsHandshakeError(cause));
    };
    const onError = (err: Error): void => fail(err.message);
    const onClose = (): void => fail('connection closed during the TLS handshake');
    const timer = setTimeout(() => fail('TLS handshake timed out'), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      secure.off('error', onError);
      secure.off('close', onClose);
      secure.off('end', onClose);
      socket.off('close', onClose);
    };
    secure.once('secure', () => {
      cleanup();
      resolve(secure);
    });
    secure.on('error', onError);
    secure.on('close', onClose);
    // On a half-open listener (SMTP keeps its side open after the client's FIN) a client that drops
    // during the handshake only ends the TLS socket, which then never closes: the end, or the TCP
    // close, is the failure, rather than the handshake timeout minutes later.
    secure.on('end', onClose);
    socket.on('close', onClose);
  });
}

function ignore(): void {}

export function tlsInfo(socket: TLSSocket): TlsInfo {
  const cipher = socket.getCipher();
  return { protocol: socket.getProtocol() ?? 'unknown', cipher: cipher.standardName || cipher.name };
}
