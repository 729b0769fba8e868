// The plain HTTP listener (port 80, `protocol = "http"`): answers ACME HTTP-01 challenges (RFC 8555
// §8.3) and 404 otherwise (web-request.ts), on the lifecycle shared with the mail protocols.
import type { ListenerConfig } from '../config/index.ts';
import { TcpService, type AcceptedClient } from '../util/tcp-service.ts';
import type { WebServer, WebServerOptions } from './types.ts';
import { createWebParser, WebConnection, WEB_LIMITS } from './web-connection.ts';

export function createHttpServer(options: WebServerOptions): WebServer {
  const logger = options.logger.child({ protocol: 'http' });
  const parser = createWebParser(options.challenges, logger);
  const service: TcpService<ListenerConfig> = new TcpService({
    protocol: 'http',
    logger,
    hasCertificate: false,
    allowHalfOpen: false,
    limits: () => WEB_LIMITS,
    serve: async ({ socket, admitted, address }: AcceptedClient<ListenerConfig>) => {
      if (!admitted || service.closing) {
        if (!admitted) logger.warn({ address, connections: service.connections }, 'too many connections');
        socket.destroy();
        return;
      }
      await service.runSession(new WebConnection(socket, parser));
    },
  });
  return {
    listen: (listener) => service.listen(listener),
    close: (graceMs) => service.close(graceMs),
  };
}
