import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lines, mailstead, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());

test('exits 2 with one stderr line for an unknown subcommand', async () => {
  const r = await mailstead(['frobnicate']);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ["error: unknown command 'frobnicate'"]);
  assert.equal(r.stdout, '');
});

test('suggests the nearest command on the same line', async () => {
  const r = await mailstead(['acount', 'list']);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ["error: unknown command 'acount' (Did you mean account?)"]);
});

test('exits 2 with one stderr line for an unknown subcommand of a group', async () => {
  const r = await mailstead(['domain', 'frob', 'a.test']);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ["error: unknown command 'frob'"]);
});

test('exits 2 with one stderr line when a required argument is missing', async () => {
  const r = await mailstead(['domain', 'add']);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ["error: missing required argument 'DOMAIN'"]);
});

test('exits 2 with one stderr line for an unknown option', async () => {
  const r = await mailstead(['account', 'list', '--verbose']);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ["error: unknown option '--verbose'"]);
});

test('exits 2 with one stderr line for a surplus argument', async () => {
  const r = await mailstead(['domain', 'list', 'extra']);
  assert.equal(r.code, 2);
  assert.equal(lines(r.stderr).length, 1);
  assert.match(r.stderr, /^error: too many arguments for 'list'/);
});

test('exits 2 when init is missing its required options', async () => {
  const r = await mailstead(['init', '--dir', join(tmp.path, 'x'), '--hostname', 'mx.example.test']);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ["error: required option '--domain <DOMAIN>' not specified"]);
});

test('exits 2 for a quota that is not a size', async () => {
  const r = await mailstead(['account', 'quota', 'alice@example.test', '5XB', '--dir', tmp.path]);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), [`error: command-argument value '5XB' is invalid for argument 'SIZE'. expected a size like "500MB", "2GB" or a number of bytes.`]);
});

test('exits 2 for a grace period that is not a duration', async () => {
  const r = await mailstead(['check-store', '--grace', 'soon', '--dir', tmp.path]);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), [`error: option '--grace <DURATION>' argument 'soon' is invalid. expected a duration like "90s", "30m", "1h" or "7d".`]);
});

test('exits 2 and prints the usage on stderr when no command is given', async () => {
  const r = await mailstead([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^Usage: mailstead \[options\] \[command\]/);
  assert.equal(r.stdout, '');
});

test('exits 1 with one line naming the missing config file when DIR is not an instance', async () => {
  const r = await mailstead(['domain', 'list', '--dir', tmp.path]);
  assert.equal(r.code, 1);
  assert.deepEqual(lines(r.stderr), [`error: ${join(tmp.path, 'mailstead.toml')}: no such file (run \`mailstead init\` first)`]);
});

test('prints the version and exits 0', async () => {
  const r = await mailstead(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

const COMMANDS: Array<{ args: string[]; mentions: string[] }> = [
  { args: [], mentions: ['init', 'serve', 'domain', 'account', 'alias', 'check-store', 'Exit codes'] },
  { args: ['init'], mentions: ['--hostname <HOST>', '--domain <DOMAIN>', '--admin <ADDR>', '--password <PW>', '--port-base <N>', '--dir <DIR>'] },
  { args: ['serve'], mentions: ['--init-if-missing', '--dir <DIR>'] },
  { args: ['domain', 'add'], mentions: ['DOMAIN', '--alias-of <TARGET>', '--dir <DIR>'] },
  { args: ['domain', 'list'], mentions: ['--json', '--dir <DIR>'] },
  { args: ['domain', 'remove'], mentions: ['DOMAIN', '--dir <DIR>'] },
  { args: ['account', 'add'], mentions: ['ADDRESS', '--password <PW>', '--quota <SIZE>', '--admin', '--dir <DIR>'] },
  { args: ['account', 'list'], mentions: ['--domain <DOMAIN>', '--json', '--dir <DIR>'] },
  { args: ['account', 'remove'], mentions: ['ADDRESS', '--dir <DIR>'] },
  { args: ['account', 'passwd'], mentions: ['ADDRESS', '--password <PW>', '--dir <DIR>'] },
  { args: ['account', 'quota'], mentions: ['ADDRESS', 'SIZE', 'unlimited', '--dir <DIR>'] },
  { args: ['alias', 'add'], mentions: ['ALIAS', 'TARGET...', 'catch-all', '--dir <DIR>'] },
  { args: ['alias', 'list'], mentions: ['--json', '--dir <DIR>'] },
  { args: ['alias', 'remove'], mentions: ['ALIAS', '--dir <DIR>'] },
  { args: ['check-store'], mentions: ['--grace <DURATION>', '(default: 1h)', '--dir <DIR>'] },
];

for (const { args, mentions } of COMMANDS) {
  test(`prints complete help for \`mailstead ${args.join(' ')}\` on stdout and exits 0`, async () => {
    const r = await mailstead([...args, '--help']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    for (const text of mentions) assert.ok(r.stdout.includes(text), `help lacks ${text}:\n${r.stdout}`);
  });
}
