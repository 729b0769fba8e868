import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { initInstanceDir, lines, mailstead, ROOT, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());

/**
 * Greeting, then a recipient the store must resolve: its 250 means the server finished starting
 * (the store is open, and the signal handlers are installed right after), so SIGTERM is graceful.
 */
async function smtpExchange(port: number): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  const replies = createInterface({ input: socket })[Symbol.asyncIterator]();
  const reply = async (): Promise<string> => {
    for (;;) {
      const { value, done } = await replies.next();
      if (done) throw new Error('connection closed');
      if (/^\d{3} /.test(value)) return value;
    }
  };
  try {
    const lines = [await reply()];
    for (const command of ['EHLO client.test', 'MAIL FROM:<a@remote.test>', 'RCPT TO:<postmaster@example.test>', 'QUIT']) {
      socket.write(`${command}\r\n`);
      lines.push(await reply());
    }
    return lines;
  } finally {
    socket.destroy();
  }
}

test('serve runs the instance until SIGTERM and exits 0', { timeout: 60_000 }, async () => {
  const dir = await initInstanceDir(tmp.path, 'serving');
  await appendFile(join(dir, 'mailstead.toml'), '\n[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\n');
  const child = spawn(join(ROOT, 'node_modules/.bin/node'), [join(ROOT, 'src/cli/main.ts'), 'serve', '--dir', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  try {
    let port: number | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === 'listening') {
        port = entry.port;
        break;
      }
    }
    child.stdout.resume();
    assert.ok(port, 'the server logged its listening port');
    const replies = await smtpExchange(port);
    assert.match(replies[0]!, /^220 mx\.example\.test /);
    assert.match(replies[3]!, /^250 /);
  } finally {
    child.kill('SIGTERM');
  }
  const [code, signal] = await exited;
  assert.deepEqual({ code, signal }, { code: 0, signal: null });
});

test('serve on a directory without mailstead.toml exits 1 with one line naming the file', async () => {
  const r = await mailstead(['serve', '--dir', tmp.path]);
  assert.equal(r.code, 1);
  assert.deepEqual(lines(r.stderr), [`error: ${join(tmp.path, 'mailstead.toml')}: no such file (run \`mailstead init\` first)`]);
});

test('serve with an invalid configuration exits 1 with one line naming the key and the file', async () => {
  const dir = await initInstanceDir(tmp.path, 'broken');
  // init's file ends in the [smtp] table.
  await appendFile(join(dir, 'mailstead.toml'), 'max_msg_size = "25MB"\n');
  const r = await mailstead(['serve', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.deepEqual(lines(r.stderr), [`error: ${join(dir, 'mailstead.toml')}: smtp.max_msg_size: unknown key`]);
});
