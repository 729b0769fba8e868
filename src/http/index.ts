// The web listeners: `http` (port 80) and `https` (port 443). Today they answer ACME challenges
// (HTTP-01, TLS-ALPN-01) and 404 otherwise; the admin API, autoconfig and MTA-STS come later.
export { createHttpServer } from './http-server.ts';
export { createHttpsServer, ACME_TLS_ALPN } from './https-server.ts';
export { answerWebRequest, ACME_CHALLENGE_PATH, type WebAnswer } from './web-request.ts';
export type { WebServer, WebServerOptions, HttpsServerOptions } from './types.ts';
