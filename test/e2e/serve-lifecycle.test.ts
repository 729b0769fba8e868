// `mailstead serve` as an administrator runs it: one log line per listener, SIGHUP reload, graceful
// SIGTERM, clear config errors, privilege drop when started as root.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appendFile, readFile, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'node:net';
import { createInstance, spawnServer, killServers, NODE, CLI, ROOT } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';

const run = promisify(execFile);
after(killServers);

/** Connects, sends EHLO, returns the EHLO reply lines, then QUITs. */
async function ehlo(port: number): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  let buffer = '';
  const waitFor = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${re}: ${buffer}`)), 5000);
      const check = () => {
        const m = re.exec(buffer);
        if (!m) return;
        clearTimeout(timer);
        socket.off('data', onData);
        buffer = buffer.slice(m.index + m[0].length);
        resolve(m[0]);
      };
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString();
        check();
      };
      socket.on('data', onData);
      check();
    });
  await waitFor(/^220 .*\r\n/m);
  socket.write('EHLO client.test\r\n');
  const reply = await waitFor(/(^250-.*\r\n)*^250 .*\r\n/m);
  socket.end('QUIT\r\n');
  return reply.trimEnd().split('\r\n');
}

test('serve logs one line per listener with address, port and TLS mode', async () => {
  const instance = await createInstance();
  try {
    const server = await spawnServer(instance.dir);
    const listening = server.logs.filter((l) => l.msg === 'listening');
    assert.deepEqual(listening.map((l) => [l.protocol, l.address, l.tls]), [
      ['smtp', '127.0.0.1', 'starttls'],
      ['imap', '127.0.0.1', 'starttls'],
      ['pop3', '127.0.0.1', 'starttls'],
    ]);
    assert.equal(listening[0]!.port, server.smtpPort);
    assert.equal(listening[1]!.port, server.imapPort);
    assert.equal(listening[2]!.port, server.pop3Port);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  } finally {
    await instance.cleanup();
  }
});

test('SIGHUP reloads the configuration for new sessions without a restart', async () => {
  const instance = await createInstance({ extraConfig: '[smtp]\nmax_message_size = "1MB"\n' });
  try {
    const server = await spawnServer(instance.dir);
    assert.ok((await ehlo(server.smtpPort)).includes('250-SIZE 1048576'));
    const file = join(instance.dir, 'mailstead.toml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('max_message_size = "1MB"', 'max_message_size = "2MB"'));
    server.child.kill('SIGHUP');
    const deadline = Date.now() + 5000;
    while (!server.logs.some((l) => l.msg === 'configuration reloaded') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok((await ehlo(server.smtpPort)).includes('250-SIZE 2097152'));
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  } finally {
    await instance.cleanup();
  }
});

test('a broken config at SIGHUP keeps the running configuration and logs why', async () => {
  const instance = await createInstance();
  try {
    const server = await spawnServer(instance.dir);
    const file = join(instance.dir, 'mailstead.toml');
    await writeFile(file, `bogus_key = 1\n${await readFile(file, 'utf8')}`);
    server.child.kill('SIGHUP');
    const deadline = Date.now() + 5000;
    while (!server.logs.some((l) => l.msg === 'reload failed; keeping the running configuration') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const failure = server.logs.find((l) => l.msg === 'reload failed; keeping the running configuration');
    assert.match(String(failure?.err), /mailstead\.toml: bogus_key: unknown key$/);
    assert.equal((await ehlo(server.smtpPort))[0], '250-mx.example.test');
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  } finally {
    await instance.cleanup();
  }
});

test('serve refuses a config with an unknown key with one line naming the key and the file, exit 1', async () => {
  const instance = await createInstance();
  try {
    await appendFile(join(instance.dir, 'mailstead.toml'), '\n[smtp]\nmax_mesage_size = "1MB"\n');
    const result = await run(NODE, [CLI, 'serve', '--dir', instance.dir], { cwd: ROOT }).catch((err: { code: number; stderr: string }) => err);
    assert.equal((result as { code: number }).code, 1);
    assert.equal((result as { stderr: string }).stderr, `error: ${join(instance.dir, 'mailstead.toml')}: smtp.max_mesage_size: unknown key\n`);
  } finally {
    await instance.cleanup();
  }
});

test('started as root with `user` configured, serve binds, then runs as that user and still delivers', { skip: process.getuid?.() !== 0 ? 'needs root' : false }, async () => {
  const instance = await createInstance({ extraConfig: 'user = "nobody"\n', accounts: [{ address: 'alice@example.test', isAdmin: true }] });
  try {
    const server = await spawnServer(instance.dir);
    const status = await readFile(`/proc/${server.child.pid}/status`, 'utf8');
    const uid = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
    const { stdout } = await run('id', ['-u', 'nobody']);
    assert.deepEqual(uid?.slice(1), [stdout.trim(), stdout.trim(), stdout.trim()]);
    const { default: nodemailer } = await import('nodemailer');
    const info = await nodemailer
      .createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true })
      .sendMail({ from: 'a@remote.test', to: 'alice@example.test', subject: 'as-nobody', text: 'x' });
    assert.match(info.response, /^250 2\.0\.0 /);
    assert.equal((await stat(join(instance.dir, 'mailstead.db'))).uid, Number(stdout.trim()));
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.equal((await readMailbox(instance.dir, 'alice@example.test')).length, 1);
  } finally {
    await instance.cleanup();
  }
});

test('serve trims the change log to store.change_log_retention at start', async () => {
  const instance = await createInstance({ extraConfig: '[store]\nchange_log_retention = "0s"\n', accounts: [{ address: 'alice@example.test', isAdmin: true }] });
  try {
    const first = await spawnServer(instance.dir);
    const { default: nodemailer } = await import('nodemailer');
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: first.smtpPort, secure: false, ignoreTLS: true })
      .sendMail({ from: 'a@remote.test', to: 'alice@example.test', subject: 'logged change', text: 'x' });
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    const second = await spawnServer(instance.dir);
    const deadline = Date.now() + 5000;
    while (!second.logs.some((l) => l.msg === 'trimmed the change log') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(second.logs.find((l) => l.msg === 'trimmed the change log')?.rows, 1);
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  } finally {
    await instance.cleanup();
  }
});
