// The web listeners on their own: port 80 answers pending HTTP-01 challenges (RFC 8555 §8.3) and 404
// otherwise; port 443 presents a pending TLS-ALPN-01 certificate to an `acme-tls/1` handshake for its
// name (RFC 8737 §3) and otherwise the server's certificate, with the same 404 over HTTPS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, createSecureContext, type TLSSocket } from 'node:tls';
import { crypto as acmeCrypto, type Authorization } from 'acme-client';
import { loadConfig } from '../../src/config/index.ts';
import { answerWebRequest, createHttpServer, createHttpsServer } from '../../src/http/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { AcmeChallenges } from '../../src/tls/acme/index.ts';
import { loadTlsProvider } from '../../src/tls/index.ts';
import { createInstance, HOSTNAME } from '../helpers/instance.ts';

const LISTENER = { address: '127.0.0.1', port: 0, encryption: 'optional' } as const;

function httpGet(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body, connection: response.headers.connection }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

function tlsConnect(port: number, servername: string, alpn: string[]): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ALPNProtocols: alpn, rejectUnauthorized: false, timeout: 5000 }, () => resolve(socket));
    socket.on('error', reject);
  });
}

test('answers a pending http-01 token with its key authorization, and 404 or 405 to everything else', async (t) => {
  const challenges = new AcmeChallenges();
  const server = createHttpServer({ challenges, logger: silentLogger() });
  t.after(() => server.close(0));
  const { port } = await server.listen({ ...LISTENER, protocol: 'http', tls: 'none' });
  challenges.setHttp('tok_en-1', 'tok_en-1.thumbprint');

  const answer = await httpGet(port, '/.well-known/acme-challenge/tok_en-1');
  assert.deepEqual(answer, { status: 200, type: 'application/octet-stream', body: 'tok_en-1.thumbprint', connection: 'close' });
  assert.equal((await httpGet(port, '/.well-known/acme-challenge/tok_en-1', 'HEAD')).status, 200);
  assert.equal((await httpGet(port, '/.well-known/acme-challenge/other')).status, 404);
  assert.equal((await httpGet(port, '/')).status, 404);
  assert.equal((await httpGet(port, '/.well-known/acme-challenge/tok_en-1', 'POST')).status, 405);

  challenges.removeHttp('tok_en-1');
  assert.equal((await httpGet(port, '/.well-known/acme-challenge/tok_en-1')).status, 404);
});

test('finds challenge tokens only in base64url form and ignores the query', () => {
  const challenges = new AcmeChallenges();
  challenges.setHttp('abc', 'abc.key');
  assert.equal(answerWebRequest(challenges, 'GET', '/.well-known/acme-challenge/abc?x=1').status, 200);
  assert.equal(answerWebRequest(challenges, 'GET', '/.well-known/acme-challenge/abc/').status, 404);
  assert.equal(answerWebRequest(challenges, 'GET', '/.well-known/acme-challenge/../abc').status, 404);
  assert.deepEqual(answerWebRequest(challenges, 'DELETE', '/').headers.allow, 'GET, HEAD');
});

test('presents the acmeIdentifier certificate to an acme-tls/1 handshake for a pending name, and the server certificate otherwise', async (t) => {
  const instance = await createInstance();
  t.after(() => instance.cleanup());
  const challenges = new AcmeChallenges();
  const server = createHttpsServer({ challenges, logger: silentLogger(), tls: loadTlsProvider(instance.dir, loadConfig(instance.dir).tls) });
  t.after(() => server.close(0));
  const { port } = await server.listen({ ...LISTENER, protocol: 'https', tls: 'implicit' });

  const keyAuthorization = 'token.thumbprint';
  const authz = { identifier: { type: 'dns', value: HOSTNAME } } as unknown as Authorization;
  const [key, cert] = await acmeCrypto.createAlpnCertificate(authz, keyAuthorization, await acmeCrypto.createPrivateEcdsaKey());
  challenges.setAlpn(HOSTNAME, createSecureContext({ key, cert }));

  const validation = await tlsConnect(port, HOSTNAME, ['acme-tls/1']);
  assert.equal(validation.alpnProtocol, 'acme-tls/1');
  const presented = validation.getPeerCertificate().raw;
  const challengeFingerprint = validation.getPeerCertificate().fingerprint256;
  const pem = `-----BEGIN CERTIFICATE-----\n${presented.toString('base64')}\n-----END CERTIFICATE-----\n`;
  assert.equal(acmeCrypto.isAlpnCertificateAuthorizationValid(pem, keyAuthorization), true);
  // RFC 8737 §3: no application data; the server closes after the handshake.
  await new Promise<void>((resolve) => validation.on('close', () => resolve()).resume());

  challenges.removeAlpn(HOSTNAME);
  const ordinary = await tlsConnect(port, HOSTNAME, ['http/1.1']);
  assert.equal(ordinary.alpnProtocol, 'http/1.1');
  assert.equal(ordinary.getPeerCertificate().subject.CN, HOSTNAME);
  assert.notEqual(ordinary.getPeerCertificate().fingerprint256, challengeFingerprint);
  ordinary.write(`GET / HTTP/1.1\r\nHost: ${HOSTNAME}\r\n\r\n`);
  let response = '';
  ordinary.setEncoding('utf8');
  await new Promise<void>((resolve) => ordinary.on('data', (chunk: string) => (response += chunk)).on('end', () => resolve()));
  assert.match(response, /^HTTP\/1\.1 404 Not Found\r\n/);
});
