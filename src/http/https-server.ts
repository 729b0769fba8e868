// The HTTPS listener (port 443, `protocol = "https"`): answers ACME TLS-ALPN-01 challenges (RFC 8737)
// and otherwise serves the same answers as port 80 (web-request.ts: 404 for now) over TLS.
//
// RFC 8737 §3: the CA connects with SNI = the name being validated and offers only the ALPN protocol
// `acme-tls/1`; we present the self-signed certificate carrying the critical acmeIdentifier extension
// for that name and, once the handshake is done, close without exchanging data. The challenge
// certificate is chosen by SNI alone (Node selects the certificate without knowing the ALPN offer), so
// while a validation is pending (seconds) an ordinary client asking for that name would see it too.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { ListenerConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import { serverTlsContext } from '../tls/index.ts';
import { TcpService, type AcceptedClient } from '../util/tcp-service.ts';
import type { HttpsServerOptions, WebServer } from './types.ts';
import { createWebParser, WebConnection, WEB_LIMITS } from './web-connection.ts';

/** RFC 8737 §6.2: the ALPN protocol ID of TLS-ALPN-01 validation. */
export const ACME_TLS_ALPN = 'acme-tls/1';
const HANDSHAKE_TIMEOUT_MS = 10_000;

export function createHttpsServer(options: HttpsServerOptions): WebServer {
  const logger = options.logger.child({ protocol: 'https' });
  const parser = createWebParser(options.challenges, logger);
  const service: TcpService<ListenerConfig> = new TcpService({
    protocol: 'https',
    logger,
    hasCertificate: true,
    allowHalfOpen: false,
    limits: () => WEB_LIMITS,
    serve: async ({ socket: plain, admitted, address }: AcceptedClient<ListenerConfig>) => {
      if (!admitted || service.closing) {
        if (!admitted) logger.warn({ address, connections: service.connections }, 'too many connections');
        plain.destroy();
        return;
      }
      const secure = await service.handshake(plain, { address }, () => handshake(plain, options));
      if (secure === null) return;
      if (secure.alpnProtocol === ACME_TLS_ALPN) {
        answerAlpnChallenge(secure, address, logger);
        return;
      }
      await service.runSession(new WebConnection(secure, parser));
    },
  });
  return {
    listen: (listener) => service.listen(listener),
    close: (graceMs) => service.close(graceMs),
  };
}

/** Server-side TLS choosing the certificate by SNI: a pending TLS-ALPN-01 challenge's, else the provider's. */
function handshake(plain: Socket, options: HttpsServerOptions): Promise<TLSSocket> {
  plain.on('error', () => {});
  const served = serverTlsContext(options.tls);
  const secure = new TLSSocket(plain, {
    isServer: true,
    secureContext: served.secureContext,
    ALPNProtocols: [ACME_TLS_ALPN, 'http/1.1'],
    SNICallback: (servername, done) => {
      const challenge = options.challenges.alpnContext(servername);
      if (challenge === undefined) served.SNICallback(servername, done);
      else done(null, challenge);
    },
  });
  return new Promise((resolve, reject) => {
    const onClose = (): void => fail(new Error('connection closed during the TLS handshake'));
    const timer = setTimeout(() => fail(new Error('TLS handshake timed out')), HANDSHAKE_TIMEOUT_MS);
    const settle = (): void => {
      clearTimeout(timer);
      secure.off('error', fail);
      secure.off('close', onClose);
      secure.on('error', () => {});
    };
    const fail = (err: Error): void => {
      settle();
      secure.destroy();
      reject(err);
    };
    secure.on('error', fail);
    secure.on('close', onClose);
    secure.once('secure', () => {
      settle();
      resolve(secure);
    });
  });
}

/** RFC 8737 §3: the handshake itself is the answer; no application data follows. */
function answerAlpnChallenge(secure: TLSSocket, address: string, logger: Logger): void {
  logger.info({ address, servername: secure.servername }, 'answered an ACME tls-alpn-01 challenge');
  secure.end();
}
