// Issuance for real against pebble with HTTP-01 (RFC 8555 §8.3): the running server answers the
// challenge on its http listener, stores the certificate and serves it without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInstance } from '../helpers/instance.ts';
import { pebbleSkip } from '../helpers/pebble.ts';
import { acmeConfig, acmeListeners, assertChainsTo, HOSTNAME, liveFullchain, presentedCertificate, startAcmeWorld, startLoggedServer, waitFor } from './fixture.ts';

const skip = pebbleSkip();

test('issues a certificate with http-01 at start and presents it on the submission listener', { skip, timeout: 60_000 }, async (t) => {
  const world = await startAcmeWorld(t);
  const instance = await createInstance({ extraConfig: acmeConfig(world, { challenge: 'http-01' }), listeners: acmeListeners(world) });
  t.after(() => instance.cleanup());
  const { logs, portOf } = await startLoggedServer(t, instance.dir);
  const submissionPort = portOf('submission');

  await waitFor('the "certificate issued" log line', async () => logs.find((line) => line.msg === 'certificate issued' && line.name === HOSTNAME));
  const fullchain = await readFile(liveFullchain(instance.dir), 'utf8');
  const root = await world.pebble.rootPem();
  const leaf = assertChainsTo(fullchain, root);
  assert.equal(leaf.checkHost(HOSTNAME), HOSTNAME);
  assert.equal(leaf.publicKey.asymmetricKeyType, 'ec');
  assert.ok(logs.some((line) => line.msg === 'answered an ACME http-01 challenge'), 'the CA validated with http-01');
  assert.equal((await stat(join(instance.dir, 'certs/live', HOSTNAME, 'key.pem'))).mode & 0o777, 0o600);
  assert.equal((await stat(join(instance.dir, 'certs/acme/account.key'))).mode & 0o777, 0o600);
  const account = JSON.parse(await readFile(join(instance.dir, 'certs/acme/account.json'), 'utf8')) as Record<string, { url: string; email: string }>;
  assert.equal(account[world.pebble.directoryUrl]?.email, 'postmaster@example.test');
  assert.match(account[world.pebble.directoryUrl]?.url ?? '', /^https:\/\/127\.0\.0\.1:\d+\//);

  // The provider is reloaded after the write: the next handshake gets the new certificate.
  const presented = await waitFor('the ACME certificate on the submission listener', async () => {
    const result = await presentedCertificate(submissionPort, HOSTNAME, root);
    return result.peer.serialNumber === leaf.serialNumber ? result : undefined;
  });
  assert.equal(presented.authorized, true, presented.authorizationError);
});
