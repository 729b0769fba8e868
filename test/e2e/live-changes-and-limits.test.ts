// The running server against the real store: CLI changes apply to the next transaction, quotas refuse
// with 452 4.2.2, and a client that drops mid-DATA or mid-BDAT leaves nothing behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInstance, startInProcess, NODE, CLI, ROOT, type Instance } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import { SmtpTestClient } from '../helpers/smtp-client.ts';
import type { RunningServer } from '../../src/server/index.ts';

const run = promisify(execFile);
let instance: Instance;
let server: RunningServer;
let port: number;

before(async () => {
  instance = await createInstance({
    accounts: [
      { address: 'admin@example.test', isAdmin: true },
      { address: 'small@example.test', quotaBytes: 4096 },
    ],
  });
  ({ server, smtpPort: port } = await startInProcess(instance.dir));
});

after(async () => {
  await server.stop();
  await instance.cleanup();
});

async function session(): Promise<SmtpTestClient> {
  const client = await SmtpTestClient.connect(port);
  await client.greetAndEhlo('client.test');
  return client;
}

/** Waits (bounded) until tmp/ holds files (`busy`) or none, and returns what it holds. */
async function waitForTmp(busy: boolean): Promise<string[]> {
  const deadline = Date.now() + 5000;
  let files = await readdir(join(instance.dir, 'tmp'));
  while (files.length > 0 !== busy && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    files = await readdir(join(instance.dir, 'tmp'));
  }
  return files;
}

test('an account added with the CLI while the server runs receives mail in the next transaction', async () => {
  const client = await session();
  await client.command('MAIL FROM:<a@remote.test>');
  assert.equal((await client.command('RCPT TO:<newcomer@example.test>')).raw, '550 5.1.1 <newcomer@example.test>: Recipient address rejected: User unknown\r\n');
  await client.command('RSET');
  await run(NODE, [CLI, 'account', 'add', 'newcomer@example.test', '--password', 'a-long-password', '--dir', instance.dir], { cwd: ROOT });
  await client.command('MAIL FROM:<a@remote.test>');
  assert.equal((await client.command('RCPT TO:<newcomer@example.test>')).raw, '250 2.1.5 Ok\r\n');
  assert.equal((await client.command('DATA')).code, 354);
  assert.match((await client.command('Subject: welcome\r\n\r\nhello\r\n.')).raw, /^250 2\.0\.0 Ok: queued as \d+\r\n$/);
  await client.command('QUIT');
  const messages = await readMailbox(instance.dir, 'newcomer@example.test');
  assert.equal(messages.length, 1);
  assert.match(messages[0]!.text, /\r\nSubject: welcome\r\n\r\nhello\r\n$/);
});

test('refuses at RCPT with 452 4.2.2 when SIZE= would overflow the quota, and at DATA when the message does', async () => {
  const client = await session();
  await client.command('MAIL FROM:<a@remote.test> SIZE=10000');
  assert.equal((await client.command('RCPT TO:<small@example.test>')).raw, '452 4.2.2 <small@example.test>: Recipient address rejected: Mailbox full\r\n');
  await client.command('RSET');
  await client.command('MAIL FROM:<a@remote.test>');
  assert.equal((await client.command('RCPT TO:<small@example.test>')).code, 250);
  assert.equal((await client.command('RCPT TO:<admin@example.test>')).code, 250);
  assert.equal((await client.command('DATA')).code, 354);
  assert.equal((await client.command(`Subject: big\r\n\r\n${'x'.repeat(70)}\r\n`.repeat(80) + '.')).raw, '452 4.2.2 Mailbox full\r\n');
  await client.command('QUIT');
  assert.equal((await readMailbox(instance.dir, 'small@example.test')).length, 0);
  assert.equal((await readMailbox(instance.dir, 'admin@example.test')).filter((m) => m.text.includes('Subject: big')).length, 0);
});

test('a client that drops mid-DATA leaves no temporary file and no message', async () => {
  const before = (await readMailbox(instance.dir, 'admin@example.test')).length;
  const client = await session();
  await client.command('MAIL FROM:<a@remote.test>');
  await client.command('RCPT TO:<admin@example.test>');
  assert.equal((await client.command('DATA')).code, 354);
  client.send(`Subject: dropped\r\n\r\n${'y'.repeat(1000)}\r\n`.repeat(50));
  assert.equal((await waitForTmp(true)).length, 1, 'the message is being written to tmp/');
  client.socket.destroy();
  assert.deepEqual(await waitForTmp(false), []);
  assert.equal((await readMailbox(instance.dir, 'admin@example.test')).length, before);
});

test('a client that drops mid-BDAT leaves no temporary file and no message', async () => {
  const before = (await readMailbox(instance.dir, 'admin@example.test')).length;
  const client = await session();
  await client.command('MAIL FROM:<a@remote.test>');
  await client.command('RCPT TO:<admin@example.test>');
  const chunk = 'Subject: chunked\r\n\r\nfirst chunk\r\n';
  assert.equal((await client.command(`BDAT ${chunk.length}\r\n${chunk}`.slice(0, -2))).raw, `250 2.0.0 ${chunk.length} octets received\r\n`);
  client.send('BDAT 100000 LAST\r\npartial');
  assert.equal((await waitForTmp(true)).length, 1, 'the message is being written to tmp/');
  client.socket.destroy();
  assert.deepEqual(await waitForTmp(false), []);
  assert.equal((await readMailbox(instance.dir, 'admin@example.test')).length, before);
});
