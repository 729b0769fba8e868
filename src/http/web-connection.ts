// One web connection (plain or TLS) served by a node:http parser that does not listen itself: the
// listener lifecycle, limits and graceful close come from src/util/tcp-service.ts like every other
// protocol's. Each connection carries one request (`Connection: close`), so a connection never idles
// between requests, and every connection is bounded in time whatever the client does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../log/index.ts';
import type { AcmeChallenges } from '../tls/acme/index.ts';
import type { ServedSession } from '../util/tcp-service.ts';
import { answerWebRequest } from './web-request.ts';

/** Connections in all and per client address, per web server (no configuration keys yet). */
export const WEB_LIMITS = { max_connections: 200, max_connections_per_ip: 20 } as const;
/** Idle time allowed while waiting for the request. */
const IDLE_TIMEOUT_MS = 10_000;
/** A connection's whole life, slow clients included. */
const CONNECTION_TIMEOUT_MS = 30_000;
/** Largest request header section; ours are a request line and a Host header. */
const MAX_HEADER_SIZE = 8192;

/** The request parser shared by every connection of one web server. */
export function createWebParser(challenges: AcmeChallenges, logger: Logger): Server {
  const parser = createServer({ maxHeaderSize: MAX_HEADER_SIZE }, (request: IncomingMessage, response: ServerResponse) => {
    const answer = answerWebRequest(challenges, request.method ?? '', request.url ?? '');
    if (answer.challengeToken !== undefined) logger.info({ address: request.socket.remoteAddress, host: request.headers.host, token: answer.challengeToken }, 'answered an ACME http-01 challenge');
    response.shouldKeepAlive = false;
    response.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body), connection: 'close' });
    response.end(request.method === 'HEAD' ? undefined : answer.body);
  });
  parser.timeout = IDLE_TIMEOUT_MS;
  return parser;
}

export class WebConnection implements ServedSession {
  readonly #socket: Socket;
  readonly #parser: Server;

  constructor(socket: Socket, parser: Server) {
    this.#socket = socket;
    this.#parser = parser;
  }

  run(): Promise<void> {
    const socket = this.#socket;
    if (socket.closed) return Promise.resolve();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const limit = setTimeout(() => socket.destroy(), CONNECTION_TIMEOUT_MS);
    this.#parser.emit('connection', socket);
    return closed.finally(() => clearTimeout(limit));
  }

  shutdown(): void {
    this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }
}
