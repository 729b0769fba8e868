import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { initInstanceDir, lines, mailstead, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());
const dir = await initInstanceDir(tmp.path, 'instance');

test('domain add, list --json and remove round-trip', async () => {
  const added = await mailstead(['domain', 'add', 'Example.ORG', '--dir', dir]);
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout, 'added domain example.org\n');

  const alias = await mailstead(['domain', 'add', 'example.net', '--alias-of', 'example.org', '--dir', dir]);
  assert.equal(alias.code, 0, alias.stderr);
  assert.equal(alias.stdout, 'added domain example.net (alias of example.org)\n');

  const listed = await mailstead(['domain', 'list', '--json', '--dir', dir]);
  assert.equal(listed.code, 0, listed.stderr);
  const names = (JSON.parse(listed.stdout) as Array<{ name: string; aliasOf: string | null }>).sort((a, b) => a.name.localeCompare(b.name));
  assert.deepEqual(names, [
    { name: 'example.net', aliasOf: 'example.org' },
    { name: 'example.org', aliasOf: null },
    { name: 'example.test', aliasOf: null },
  ]);

  const removed = await mailstead(['domain', 'remove', 'example.net', '--dir', dir]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal(removed.stdout, 'removed domain example.net\n');
  const after = JSON.parse((await mailstead(['domain', 'list', '--json', '--dir', dir])).stdout) as Array<{ name: string }>;
  assert.deepEqual(after.map((d) => d.name).sort(), ['example.org', 'example.test']);
});

test('domain list prints a table for people', async () => {
  const r = await mailstead(['domain', 'list', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.equal(out[0], 'DOMAIN        ALIAS OF');
  assert.ok(out.includes('example.test  -'), r.stdout);
});

test('domain add of an existing domain exits 1 with one line', async () => {
  const r = await mailstead(['domain', 'add', 'example.test', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.equal(lines(r.stderr).length, 1);
  assert.match(r.stderr, /^error: .*example\.test/);
});

test('domain remove of a domain with accounts exits 1 with one line and keeps it', async () => {
  const r = await mailstead(['domain', 'remove', 'example.test', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.equal(lines(r.stderr).length, 1);
  assert.match(r.stderr, /^error: .*example\.test/);
  const listed = JSON.parse((await mailstead(['domain', 'list', '--json', '--dir', dir])).stdout) as Array<{ name: string }>;
  assert.ok(listed.some((d) => d.name === 'example.test'));
});

test('domain remove of an unknown domain exits 1 with one line', async () => {
  const r = await mailstead(['domain', 'remove', 'nowhere.test', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.equal(lines(r.stderr).length, 1);
  assert.match(r.stderr, /^error: .*nowhere\.test/);
});
