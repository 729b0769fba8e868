// "Nothing is lost": kill the server with SIGKILL while deliveries stream in, and at each fault point
// between the durability steps; after a restart every message that got 250 is there exactly once and
// check-store is clean.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { createInstance, spawnServer, killServers, NODE, CLI, ROOT } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import type { FaultPoint } from '../../src/util/fault.ts';

const run = promisify(execFile);
after(killServers);

async function checkStore(dir: string): Promise<string> {
  const { stdout } = await run(NODE, [CLI, 'check-store', '--dir', dir, '--grace', '0s'], { cwd: ROOT });
  return stdout;
}

function subjects(messages: Array<{ text: string }>): string[] {
  return messages.map((m) => /\r\nSubject: (\S+)\r\n/.exec(m.text)?.[1] ?? '?');
}

async function send(port: number, subject: string): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000, socketTimeout: 10_000 });
  const info = await transport.sendMail({ from: 'load@remote.test', to: 'alice@example.test', subject, text: `body of ${subject}\n`.repeat(50) });
  return info.response;
}

test('every message acknowledged before a SIGKILL is stored exactly once after restart', async () => {
  const instance = await createInstance({ accounts: [{ address: 'alice@example.test', isAdmin: true }] });
  try {
    const server = await spawnServer(instance.dir);
    const acked = new Set<string>();
    const attempted = new Set<string>();
    let killed = false;
    const worker = async (w: number) => {
      for (let n = 0; n < 200 && !killed; n++) {
        const subject = `crash-${w}-${n}`;
        attempted.add(subject);
        try {
          const response = await send(server.smtpPort, subject);
          if (response.startsWith('250 ')) acked.add(subject);
        } catch {
          return; // the server died under us
        }
        if (acked.size >= 40 && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    assert.ok(killed, 'the server was killed mid-load');
    assert.equal(await server.exited, 'SIGKILL');

    const restarted = await spawnServer(instance.dir);
    assert.match(await send(restarted.smtpPort, 'after-restart'), /^250 2\.0\.0 /);
    restarted.child.kill('SIGTERM');
    assert.equal(await restarted.exited, 0);

    const stored = subjects(await readMailbox(instance.dir, 'alice@example.test'));
    for (const subject of acked) assert.equal(stored.filter((s) => s === subject).length, 1, `${subject} stored once`);
    assert.equal(new Set(stored).size, stored.length, 'no message stored twice');
    for (const subject of stored) assert.ok(attempted.has(subject) || subject === 'after-restart', `${subject} was sent`);
    assert.match(await checkStore(instance.dir), /^store ok/);
    assert.deepEqual(await readdir(join(instance.dir, 'tmp')), []);
  } finally {
    await instance.cleanup();
  }
});

// The writer-thread point is narrowed to the deliver operation: the server writes at start-up too.
const FAULTS: Array<{ point: FaultPoint; armed: string; stored: boolean }> = [
  { point: 'blob-written', armed: 'blob-written', stored: false },
  { point: 'blob-committed', armed: 'blob-committed', stored: false },
  { point: 'db-before-commit', armed: 'db-before-commit@deliver', stored: false },
  { point: 'db-committed', armed: 'db-committed', stored: true },
];

for (const { point, armed, stored } of FAULTS) {
  test(`a crash at ${point} leaves ${stored ? 'the complete message' : 'no message'} and a clean store`, async () => {
    const instance = await createInstance({ accounts: [{ address: 'alice@example.test', isAdmin: true }] });
    try {
      const server = await spawnServer(instance.dir, { MAILSTEAD_FAULT_POINT: armed });
      await assert.rejects(send(server.smtpPort, `fault-${point}`));
      assert.equal(await server.exited, 'SIGKILL');

      const restarted = await spawnServer(instance.dir);
      restarted.child.kill('SIGTERM');
      assert.equal(await restarted.exited, 0);
      assert.deepEqual(await readdir(join(instance.dir, 'tmp')), [], 'no temporary file survives a restart');
      assert.match(await checkStore(instance.dir), /^store ok/);
      const messages = await readMailbox(instance.dir, 'alice@example.test');
      assert.deepEqual(subjects(messages), stored ? [`fault-${point}`] : []);
      if (stored) assert.match(messages[0]!.text, /body of fault-db-committed/);
    } finally {
      await instance.cleanup();
    }
  });
}
