// `mailstead cert renew [HOST]` as an administrator runs it: a child-process CLI asks a child-process
// server through the store, the server renews against pebble, the CLI prints the outcome.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createInstance, killServers, spawnServer } from '../helpers/instance.ts';
import { pebbleSkip } from '../helpers/pebble.ts';
import { lines, mailstead } from '../cli/run-cli.ts';
import { acmeConfig, acmeListeners, certificatesOf, HOSTNAME, liveFullchain, startAcmeWorld, waitForNewFile } from './fixture.ts';

after(killServers);
const skip = pebbleSkip();

/** An instance whose [acme] points at a directory nobody serves: enough for the CLI's own checks. */
const OFFLINE_ACME = '[acme]\nenabled = true\ndirectory_url = "https://127.0.0.1:9/dir"\nemail = "postmaster@example.test"\n';
const OFFLINE_LISTENERS = '[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\n\n[[listeners]]\nprotocol = "http"\naddress = "127.0.0.1"\nport = 0\n';

test('asks the running server to renew, waits, and prints the new expiry', { skip, timeout: 60_000 }, async (t) => {
  const world = await startAcmeWorld(t);
  const instance = await createInstance({ extraConfig: acmeConfig(world), listeners: acmeListeners(world) });
  t.after(() => instance.cleanup());
  const server = await spawnServer(instance.dir);
  t.after(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });
  const first = await waitForNewFile(liveFullchain(instance.dir));

  const result = await mailstead(['cert', 'renew', HOSTNAME, '--dir', instance.dir]);
  assert.equal(result.code, 0, result.stderr);
  const out = lines(result.stdout);
  assert.equal(out[0], `renewal request 1 recorded for ${HOSTNAME}; waiting for the running server`);
  assert.match(out[1] ?? '', /^the server is renewing the certificate with https:\/\/127\.0\.0\.1:\d+\/dir$/);
  assert.match(out.at(-1) ?? '', new RegExp(`^renewed: certificate for ${HOSTNAME.replace(/\./g, '\\.')} valid until \\d{4}-\\d\\d-\\d\\dT`));

  const second = await readFile(liveFullchain(instance.dir), 'utf8');
  assert.notEqual(certificatesOf(second)[0]!.serialNumber, certificatesOf(first)[0]!.serialNumber);
  assert.ok(server.logs.some((line) => line.msg === 'certificate renewal requested' && line.request === 1 && line.host === HOSTNAME));
});

test('says so and exits 1 when no server is running', { timeout: 60_000 }, async (t) => {
  const instance = await createInstance({ extraConfig: OFFLINE_ACME, listeners: OFFLINE_LISTENERS });
  t.after(() => instance.cleanup());
  const result = await mailstead(['cert', 'renew', '--dir', instance.dir]);
  assert.equal(result.code, 1);
  assert.equal(lines(result.stdout)[0], `renewal request 1 recorded for ${HOSTNAME}; waiting for the running server`);
  assert.match(result.stderr, /^error: no running server took the request within 15s: start `mailstead serve` on this instance/);
});

test('refuses a host that is not one of the [acme] hostnames, and an instance without [acme]', async (t) => {
  const withAcme = await createInstance({ extraConfig: OFFLINE_ACME, listeners: OFFLINE_LISTENERS });
  t.after(() => withAcme.cleanup());
  const wrongHost = await mailstead(['cert', 'renew', 'other.example.test', '--dir', withAcme.dir]);
  assert.equal(wrongHost.code, 1);
  assert.equal(wrongHost.stderr, `error: other.example.test is not one of the [acme] hostnames (${HOSTNAME})\n`);

  const withoutAcme = await createInstance();
  t.after(() => withoutAcme.cleanup());
  const disabled = await mailstead(['cert', 'renew', '--dir', withoutAcme.dir]);
  assert.equal(disabled.code, 1);
  assert.equal(disabled.stderr, 'error: ACME is not enabled in mailstead.toml (set [acme] enabled = true and email)\n');
});
