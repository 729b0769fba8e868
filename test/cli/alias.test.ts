import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { initInstanceDir, lines, mailstead, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());
const dir = await initInstanceDir(tmp.path, 'instance');

async function listJson(): Promise<Array<{ address: string; targets: string[] }>> {
  const r = await mailstead(['alias', 'list', '--json', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as Array<{ address: string; targets: string[] }>).sort((a, b) => a.address.localeCompare(b.address));
}

test('alias add, list --json and remove round-trip', async () => {
  assert.equal((await mailstead(['account', 'add', 'alice@example.test', '--password', 'a', '--dir', dir])).code, 0);
  const added = await mailstead(['alias', 'add', 'sales@example.test', 'alice@example.test', 'postmaster@example.test', '--dir', dir]);
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout, 'alias sales@example.test → alice@example.test, postmaster@example.test\n');
  assert.deepEqual(await listJson(), [{ address: 'sales@example.test', targets: ['alice@example.test', 'postmaster@example.test'] }]);

  const removed = await mailstead(['alias', 'remove', 'sales@example.test', '--dir', dir]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal(removed.stdout, 'removed alias sales@example.test\n');
  assert.deepEqual(await listJson(), []);
});

test('alias add with "@domain" makes the catch-all', async () => {
  const r = await mailstead(['alias', 'add', '@example.test', 'postmaster@example.test', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await listJson(), [{ address: '@example.test', targets: ['postmaster@example.test'] }]);
  const table = await mailstead(['alias', 'list', '--dir', dir]);
  assert.deepEqual(lines(table.stdout), ['ALIAS          TARGETS', '@example.test  postmaster@example.test']);
  assert.equal((await mailstead(['alias', 'remove', '@example.test', '--dir', dir])).code, 0);
});

test('alias add accepts a target in another domain, which the alias forwards to', async () => {
  const r = await mailstead(['alias', 'add', 'team@example.test', 'alice@example.test', 'Friend@Remote.test', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'alias team@example.test → alice@example.test, friend@remote.test\n');
  assert.deepEqual(await listJson(), [{ address: 'team@example.test', targets: ['alice@example.test', 'friend@remote.test'] }]);
  assert.equal((await mailstead(['alias', 'remove', 'team@example.test', '--dir', dir])).code, 0);
});

test('alias add --help says that remote targets are forwarded with SRS', async () => {
  const r = await mailstead(['alias', 'add', '--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.replace(/\s+/g, ' '), /addresses in other domains: mail to those is forwarded/);
  assert.match(r.stdout, /SRS/);
});

test('alias add refuses an alias in a domain that is not local', async () => {
  const r = await mailstead(['alias', 'add', 'info@unknown.test', 'alice@example.test', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.equal(lines(r.stderr).length, 1);
  assert.match(r.stderr, /^error: .*unknown\.test/);
  assert.deepEqual(await listJson(), []);
});

test('alias add refuses a target that is not an address with exit 2', async () => {
  const r = await mailstead(['alias', 'add', 'info@example.test', 'alice', '--dir', dir]);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ['error: alias target "alice" is not an address like user@example.org']);
});

test('alias remove of an unknown alias exits 1 with one line', async () => {
  const r = await mailstead(['alias', 'remove', 'nobody@example.test', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.equal(lines(r.stderr).length, 1);
  assert.match(r.stderr, /^error: .*nobody@example\.test/);
});
