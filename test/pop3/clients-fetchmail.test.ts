// fetchmail, the POP3 client of countless cron jobs and Windows-network gateways, downloading over STLS
// into local files: with `keep` (UIDL remembers what was fetched, the maildrop is untouched) and with
// the default delete (the maildrop is emptied at QUIT, which IMAP then sees).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInstance, startInProcess, type Instance } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import { deliverOverSmtp } from '../helpers/smtp-deliver.ts';
import { runTool } from '../helpers/run-tool.ts';
import { toolSkip } from '../helpers/tools.ts';
import type { RunningServer } from '../../src/server/index.ts';

const skip = toolSkip('fetchmail');
const PASSWORD = 'fetch-password-1';
let instance: Instance;
let server: RunningServer;
let smtpPort: number;
let pop3Port: number;
let work: string;

before(async () => {
  if (skip) return;
  instance = await createInstance({
    accounts: [
      { address: 'keeper@example.test', password: PASSWORD, isAdmin: true },
      { address: 'taker@example.test', password: PASSWORD },
    ],
  });
  const started = await startInProcess(instance.dir);
  server = started.server;
  smtpPort = started.smtpPort;
  pop3Port = started.pop3Port;
  work = await mkdtemp(join(tmpdir(), 'mailstead-fetchmail-'));
});

after(async () => {
  if (skip) return;
  await server.stop();
  await instance.cleanup();
  await rm(work, { recursive: true, force: true });
});

/** Runs fetchmail once for `user`; each message goes to its own file in `out` through a tiny MDA. */
async function fetch(user: string, out: string, keep: boolean): Promise<number | string> {
  const mda = join(work, 'mda.sh');
  await writeFile(mda, `#!/bin/sh\ncat > "$(mktemp "${out}/msg-XXXXXX")"\n`);
  await chmod(mda, 0o755);
  const rc = join(work, `${user}.rc`);
  await writeFile(
    rc,
    [
      'set no bouncemail',
      // No Received line of fetchmail's own, so the files are the messages exactly as served.
      'set invisible',
      `poll 127.0.0.1 with proto POP3 port ${pop3Port} uidl`,
      `  user "${user}" there with password "${PASSWORD}" is "root" here`,
      `  sslproto "TLS1.2+" no sslcertck ${keep ? 'keep' : 'nokeep'}`,
      `  mda "${mda}"`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const result = await runTool('fetchmail', ['-f', rc, '--idfile', join(work, `${user}.ids`), '--nosyslog', '--nodetach', '-N'], {
    env: { ...process.env, HOME: work, FETCHMAILHOME: work },
    timeoutMs: 30_000,
  });
  return result.code;
}

async function downloaded(out: string): Promise<string[]> {
  const files = (await readdir(out)).sort();
  return Promise.all(files.map((file) => readFile(join(out, file), 'latin1')));
}

test('fetchmail with keep downloads every message once and leaves the maildrop as it was', { skip }, async () => {
  await deliverOverSmtp(smtpPort, 'keeper@example.test', 'Subject: first\r\n\r\nfirst body\r\n.dot line\r\n');
  await deliverOverSmtp(smtpPort, 'keeper@example.test', 'Subject: second\r\n\r\nsecond body\r\n');
  const out = await mkdtemp(join(work, 'keep-'));
  assert.equal(await fetch('keeper@example.test', out, true), 0);
  const messages = await downloaded(out);
  assert.equal(messages.length, 2);
  const stored = await readMailbox(instance.dir, 'keeper@example.test');
  assert.equal(stored.length, 2);
  for (const message of stored) {
    // fetchmail stores LF line endings; otherwise the message is exactly what the maildrop holds.
    assert.ok(messages.includes(message.text.replace(/\r\n/g, '\n')), `downloaded ${message.text.slice(0, 80)}`);
  }
  // Second run: UIDL tells fetchmail nothing is new (exit 1: no mail).
  assert.equal(await fetch('keeper@example.test', out, true), 1);
  assert.equal((await downloaded(out)).length, 2);
  assert.equal((await readMailbox(instance.dir, 'keeper@example.test')).length, 2);
});

test('fetchmail without keep downloads and deletes the messages at QUIT', { skip }, async () => {
  await deliverOverSmtp(smtpPort, 'taker@example.test', 'Subject: take me\r\n\r\ntaken\r\n');
  const [stored] = await readMailbox(instance.dir, 'taker@example.test');
  const out = await mkdtemp(join(work, 'take-'));
  assert.equal(await fetch('taker@example.test', out, false), 0);
  assert.deepEqual(await downloaded(out), [stored!.text.replace(/\r\n/g, '\n')]);
  assert.deepEqual(await readMailbox(instance.dir, 'taker@example.test'), []);
});
