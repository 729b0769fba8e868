import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Writes `text` as DIR/mailstead.toml and returns the error loadConfig throws for it. */
async function loadError(text: string | undefined): Promise<{ error: ConfigError; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-config-'));
  dirs.push(dir);
  const file = join(dir, 'mailstead.toml');
  if (text !== undefined) await writeFile(file, text);
  try {
    loadConfig(dir);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return { error, file };
  }
  assert.fail('loadConfig accepted the file');
}

test('loads a minimal file and fills in the defaults', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-config-'));
  dirs.push(dir);
  await writeFile(join(dir, 'mailstead.toml'), 'hostname = "mx.example.test"\n');
  const config = loadConfig(dir);
  assert.equal(config.hostname, 'mx.example.test');
  assert.equal(config.smtp.max_message_size, 25 * 1024 * 1024);
  assert.equal(config.smtp.command_timeout, 5 * 60_000);
  assert.equal(config.tls.cert, 'certs/server.crt');
});

test('rejects an unknown top-level key, naming the key and the file', async () => {
  const { error, file } = await loadError('hostname = "mx.example.test"\nhost_name = "x"\n');
  assert.equal(error.message, `${file}: host_name: unknown key`);
  assert.equal(error.key, 'host_name');
  assert.equal(error.file, file);
});

test('rejects an unknown key inside a table with its dotted path', async () => {
  const { error, file } = await loadError('hostname = "mx.example.test"\n[smtp]\nmax_msg_size = "1MB"\n');
  assert.equal(error.message, `${file}: smtp.max_msg_size: unknown key`);
});

test('rejects an unknown key in an array of tables with its index', async () => {
  const { error, file } = await loadError('hostname = "mx.example.test"\n[[listeners]]\nprotocol = "smtp"\nport = 25\nbind = "::"\n');
  assert.equal(error.message, `${file}: listeners[0].bind: unknown key`);
});

test('rejects a value of the wrong type, naming the key and the file', async () => {
  const { error, file } = await loadError('hostname = "mx.example.test"\nport_base = "10000"\n');
  assert.equal(error.message, `${file}: port_base: Invalid input: expected number, received string`);
});

test('rejects a missing hostname', async () => {
  const { error, file } = await loadError('port_base = 10000\n');
  assert.equal(error.key, 'hostname');
  assert.ok(error.message.startsWith(`${file}: hostname: `));
});

test('rejects a size it cannot parse, quoting the value', async () => {
  const { error, file } = await loadError('hostname = "mx.example.test"\n[smtp]\nmax_message_size = "25XB"\n');
  assert.equal(error.message, `${file}: smtp.max_message_size: not a size like "25MB": "25XB"`);
});

test('rejects a duration it cannot parse, quoting the value', async () => {
  const { error, file } = await loadError('hostname = "mx.example.test"\n[smtp]\ncommand_timeout = "5 minutes"\n');
  assert.equal(error.message, `${file}: smtp.command_timeout: not a duration like "90s", "5m", "5h", "14d": "5 minutes"`);
});

test('rejects a relay network that is not a CIDR network, naming the list entry', async () => {
  const { error, file } = await loadError('hostname = "mx.example.test"\n[smtp]\nrelay_networks = ["192.168.1.0/24", "10.0.0.0/33"]\n');
  assert.equal(error.message, `${file}: smtp.relay_networks[1]: not an address or CIDR network`);
});

test('reports a missing file by its path and says how to create it', async () => {
  const { error, file } = await loadError(undefined);
  assert.equal(error.message, `${file}: no such file (run \`mailstead init\` first)`);
  assert.equal(error.key, undefined);
});

test('reports a file that is not TOML by its path on one line', async () => {
  const { error, file } = await loadError('hostname = "mx.example.test\n');
  assert.ok(error.message.startsWith(`${file}: not valid TOML: `), error.message);
  assert.ok(!error.message.includes('\n'));
});
