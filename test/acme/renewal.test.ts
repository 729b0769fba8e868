// Renewal on schedule: a check at start and every 12 hours renews only when the stored certificate
// expires within renew_before; a renewed certificate replaces the stored one and reloads the provider.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECK_INTERVAL_MS } from '../../src/tls/acme/index.ts';
import { pebbleSkip } from '../helpers/pebble.ts';
import { assertChainsTo, certificatesOf, HOSTNAME, liveFullchain, startAcmeWorld } from './fixture.ts';
import { startManager } from './manager-fixture.ts';

const skip = pebbleSkip();
const DAY = 86_400_000;

test('checks at start, issues, then checks every 12 hours and renews once the certificate is within renew_before', { skip, timeout: 60_000 }, async (t) => {
  const world = await startAcmeWorld(t);
  const run = await startManager(t, world, { renewBefore: '30d' });
  assert.deepEqual(run.delays(), [0], 'the first check is due at once');

  await run.check(0);
  assert.equal(run.renewed(), 1);
  const first = await readFile(liveFullchain(run.dir), 'utf8');
  const firstLeaf = assertChainsTo(first, await world.pebble.rootPem());
  assert.deepEqual(run.delays(), [CHECK_INTERVAL_MS]);

  // Half a day later: years of validity left, nothing to do.
  await run.check(CHECK_INTERVAL_MS);
  assert.equal(run.renewed(), 1);
  assert.equal(await readFile(liveFullchain(run.dir), 'utf8'), first);
  assert.deepEqual(run.delays(), [CHECK_INTERVAL_MS]);

  // 29 days before expiry (within renew_before = 30d): the next check renews.
  run.timers.time = firstLeaf.validToDate.getTime() - 29 * DAY - CHECK_INTERVAL_MS;
  await run.check(CHECK_INTERVAL_MS);
  assert.equal(run.renewed(), 2);
  const second = await readFile(liveFullchain(run.dir), 'utf8');
  const secondLeaf = assertChainsTo(second, await world.pebble.rootPem());
  assert.notEqual(secondLeaf.serialNumber, firstLeaf.serialNumber);
  assert.ok(run.logs.some((line) => line.msg === 'requesting a certificate' && line.reason === 'expiring'));
  assert.deepEqual(run.delays(), [CHECK_INTERVAL_MS]);
});

test('renews at every check when renew_before is longer than the CA issues certificates for', { skip, timeout: 60_000 }, async (t) => {
  const world = await startAcmeWorld(t);
  const run = await startManager(t, world, { renewBefore: '3650d' });
  await run.check(0);
  const first = certificatesOf(await readFile(liveFullchain(run.dir), 'utf8'))[0]!;
  await run.check(CHECK_INTERVAL_MS);
  const second = certificatesOf(await readFile(liveFullchain(run.dir), 'utf8'))[0]!;
  assert.equal(run.renewed(), 2);
  assert.notEqual(second.serialNumber, first.serialNumber);
});

test('renews on request even when the certificate is not due, and reports the new expiry', { skip, timeout: 60_000 }, async (t) => {
  const world = await startAcmeWorld(t);
  const run = await startManager(t, world);
  await run.check(0);
  const outcome = await run.manager.renewNow();
  assert.equal(outcome.ok, true, outcome.detail);
  assert.match(outcome.detail, /^certificate for mx\.example\.test valid until \d{4}-/);
  assert.equal(run.renewed(), 2);
});

test('makes a new key for every certificate: ECDSA P-256 by default, RSA 2048 with key_type = "rsa-2048"', { skip, timeout: 60_000 }, async (t) => {
  const world = await startAcmeWorld(t);
  const run = await startManager(t, world, { keyType: 'rsa-2048' });
  await run.check(0);
  const keyFile = join(run.dir, 'certs/live', HOSTNAME, 'key.pem');
  const key = createPrivateKey(await readFile(keyFile, 'utf8'));
  assert.equal(key.asymmetricKeyType, 'rsa');
  assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  assert.equal(certificatesOf(await readFile(liveFullchain(run.dir), 'utf8'))[0]!.publicKey.asymmetricKeyType, 'rsa');
  const before = await readFile(keyFile, 'utf8');
  await run.manager.renewNow();
  assert.notEqual(await readFile(keyFile, 'utf8'), before);
});
