// CA failures: each is logged with the CA's own detail and retried after 1 minute, doubling per
// consecutive failure up to 6 hours; the first success goes back to the 12-hour check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { CHECK_INTERVAL_MS, RETRY_INITIAL_MS, RETRY_MAX_MS, retryDelay } from '../../src/tls/acme/index.ts';
import { pebbleSkip } from '../helpers/pebble.ts';
import { HOSTNAME, liveFullchain, startAcmeWorld } from './fixture.ts';
import { startManager } from './manager-fixture.ts';

const skip = pebbleSkip();

test('waits 1 minute after a failure, doubling up to 6 hours', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50].map(retryDelay), [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360].map((minutes) => minutes * 60_000));
  assert.equal(retryDelay(1), RETRY_INITIAL_MS);
  assert.equal(retryDelay(1000), RETRY_MAX_MS);
});

test('backs off while the CA cannot validate the name, logging its detail, and recovers once DNS is fixed', { skip, timeout: 60_000 }, async (t) => {
  const world = await startAcmeWorld(t);
  const zone = world.dns.zone;
  world.dns.zone = {};
  const run = await startManager(t, world);

  await run.check(0);
  const failure = run.logs.find((line) => line.msg === 'certificate request failed');
  assert.ok(failure, 'the failure is logged');
  assert.equal(failure.level, 50);
  assert.match(String(failure.err), new RegExp(`${HOSTNAME.replace(/\./g, '\\.')}`), 'the CA names the host it could not validate');
  assert.match(String(failure.err), /could not resolve/, 'the detail is what the CA said');
  assert.equal(failure.failures, 1);
  assert.equal(failure.retryInSeconds, 60);
  assert.deepEqual(run.delays(), [60_000]);

  await run.check(60_000);
  assert.deepEqual(run.delays(), [120_000]);
  await run.check(120_000);
  assert.deepEqual(run.delays(), [240_000]);
  assert.equal(run.renewed(), 0);
  await assert.rejects(access(liveFullchain(run.dir)), 'nothing is stored while the CA fails');

  world.dns.zone = zone;
  await run.check(240_000);
  assert.equal(run.renewed(), 1);
  await access(liveFullchain(run.dir));
  assert.deepEqual(run.delays(), [CHECK_INTERVAL_MS]);
});

test('backs off when the directory URL is wrong, naming the URL', { skip, timeout: 30_000 }, async (t) => {
  const world = await startAcmeWorld(t);
  const wrong = world.pebble.directoryUrl.replace(/\/dir$/, '/no-such-directory');
  const run = await startManager(t, world, { directoryUrl: wrong });
  await run.check(0);
  const failure = run.logs.find((line) => line.msg === 'certificate request failed');
  assert.match(String(failure?.err), /404/);
  assert.ok(String(failure?.err).includes(wrong));
  assert.deepEqual(run.delays(), [60_000]);
  await run.check(60_000);
  assert.deepEqual(run.delays(), [120_000]);
});
