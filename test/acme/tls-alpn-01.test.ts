// Issuance for real against pebble with TLS-ALPN-01 (RFC 8737): the running server answers the
// `acme-tls/1` handshake on its https listener, stores the certificate and serves it without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createInstance } from '../helpers/instance.ts';
import { pebbleSkip } from '../helpers/pebble.ts';
import { acmeConfig, acmeListeners, assertChainsTo, HOSTNAME, liveFullchain, presentedCertificate, startAcmeWorld, startLoggedServer, waitFor } from './fixture.ts';

const skip = pebbleSkip();

test('issues a certificate with tls-alpn-01 at start and presents it on the IMAP implicit-TLS listener', { skip, timeout: 60_000 }, async (t) => {
  const world = await startAcmeWorld(t);
  const instance = await createInstance({ extraConfig: acmeConfig(world, { challenge: 'tls-alpn-01' }), listeners: acmeListeners(world) });
  t.after(() => instance.cleanup());
  const { logs, portOf } = await startLoggedServer(t, instance.dir);
  const imapPort = portOf('imap');

  await waitFor('the "certificate issued" log line', async () => logs.find((line) => line.msg === 'certificate issued' && line.name === HOSTNAME));
  const fullchain = await readFile(liveFullchain(instance.dir), 'utf8');
  const root = await world.pebble.rootPem();
  const leaf = assertChainsTo(fullchain, root);
  assert.equal(leaf.checkHost(HOSTNAME), HOSTNAME);
  assert.ok(logs.some((line) => line.msg === 'answered an ACME tls-alpn-01 challenge'), 'the CA validated with tls-alpn-01');

  const presented = await waitFor('the ACME certificate on the IMAP listener', async () => {
    const result = await presentedCertificate(imapPort, HOSTNAME, root);
    return result.peer.serialNumber === leaf.serialNumber ? result : undefined;
  });
  assert.equal(presented.authorized, true, presented.authorizationError);
  // The https listener itself now serves it too, to clients that are not the CA.
  const https = await presentedCertificate(world.tlsPort, HOSTNAME, root);
  assert.equal(https.peer.serialNumber, leaf.serialNumber);
});
