import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect as tcpConnect, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { acceptTls, loadTlsProvider, serverTlsContext, TlsHandshakeError, type TlsProvider } from '../../src/tls/index.ts';
import { TestCa } from '../helpers/test-ca.ts';
import { removeTempInstances, tempInstance, tlsConfig } from './fixture.ts';

after(removeTempInstances);
const ca = await TestCa.create();
const instance = await tempInstance();
await instance.writeDefault(await ca.leaf());
const provider = loadTlsProvider(instance.dir, tlsConfig());

/** Accepts one connection with acceptTls (handshake timeout 10s); reports how and when it settled. */
async function acceptOne(tls: TlsProvider, client: (port: number) => void): Promise<{ outcome: 'secure' | Error; ms: number }> {
  const sockets: Socket[] = [];
  const settled = Promise.withResolvers<{ outcome: 'secure' | Error; ms: number }>();
  // allowHalfOpen as the SMTP listener has it: a client's end does not close our side by itself.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    const started = Date.now();
    acceptTls(socket, serverTlsContext(tls), 10_000).then(
      (secure) => {
        secure.destroy();
        settled.resolve({ outcome: 'secure', ms: Date.now() - started });
      },
      (err: Error) => settled.resolve({ outcome: err, ms: Date.now() - started }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    client((server.address() as AddressInfo).port);
    return await settled.promise;
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
}

test('fails at once, not at the timeout, when the client drops in the middle of the handshake', async () => {
  const result = await acceptOne(provider, (port) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.end(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40])));
    socket.on('error', () => {});
  });
  assert.ok(result.outcome instanceof TlsHandshakeError, String(result.outcome));
  assert.ok(result.ms < 5000, `settled after ${result.ms}ms`);
});

test('fails at once when a TLS 1.3 client closes right after its side of the handshake', async () => {
  const result = await acceptOne(provider, (port) => {
    const socket = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => socket.destroy());
    socket.on('error', () => {});
  });
  assert.ok(result.ms < 5000, `settled after ${result.ms}ms`);
});

test('a provider without a certificate throws when the handshake context is taken', () => {
  const empty: TlsProvider = {
    secureContext() {
      throw new Error('no certificate');
    },
    minVersion: 'TLSv1.2',
  };
  assert.throws(() => serverTlsContext(empty), /no certificate/);
});
