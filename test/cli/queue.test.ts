// `mailstead queue` as a child process against an instance whose queue holds relayed mail: list (table
// and JSON), show with attempts, retry, bounce and delete, and the usage and unknown-id errors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRouter } from '../../src/delivery/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { openMailService } from '../../src/server/index.ts';
import { initInstanceDir, lines, mailstead, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());
const dir = await initInstanceDir(tmp.path, 'instance');

/** Queues one message from a trusted local client to the remote recipients; returns the queue ids. */
async function queueMessage(recipients: readonly string[]): Promise<number[]> {
  const mail = await openMailService(dir, silentLogger());
  try {
    const router = createRouter({ mail, options: { hostname: 'mx.example.test', plusDelimiter: '+', maxAliasDepth: 10, maxReceivedHeaders: 50, maxHeaderSize: 65536 }, logger: silentLogger() });
    const tx = await router.start({
      sender: 'postmaster@example.test',
      declaredSize: null,
      client: { sessionId: 't', address: '127.0.0.1', port: 0, helo: 'localhost', tls: null, authenticatedAs: null, inRelayNetwork: false, local: true },
    });
    for (const recipient of recipients) assert.deepEqual(await tx.addRecipient(recipient, { notify: ['FAILURE'], orcpt: null }), { ok: true });
    await tx.writeBody(Buffer.from('From: postmaster@example.test\r\nSubject: hi\r\n\r\nx\r\n'));
    const outcome = await tx.commit();
    assert.ok(outcome.ok);
    return (await mail.listQueue()).filter((e) => e.messageId === outcome.result.messageId).map((e) => e.id);
  } finally {
    await mail.close();
  }
}

interface EntryJson {
  id: number;
  sender: string;
  recipient: string;
  status: string;
  attempts: number;
  notify: string[] | null;
  bounceRequested: boolean;
}

async function listJson(): Promise<EntryJson[]> {
  const r = await mailstead(['queue', 'list', '--json', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as EntryJson[];
}

test('queue list says the queue is empty, then lists each relayed recipient', async () => {
  let r = await mailstead(['queue', 'list', '--dir', dir]);
  assert.deepEqual([r.code, r.stdout], [0, 'the queue is empty\n']);
  const [first, second] = await queueMessage(['a@remote.test', 'b@remote.test']);
  const entries = await listJson();
  assert.deepEqual(
    entries.map((e) => [e.id, e.sender, e.recipient, e.status, e.attempts, e.notify, e.bounceRequested]),
    [
      [first, 'postmaster@example.test', 'a@remote.test', 'queued', 0, ['FAILURE'], false],
      [second, 'postmaster@example.test', 'b@remote.test', 'queued', 0, ['FAILURE'], false],
    ],
  );
  r = await mailstead(['queue', 'list', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.match(out[0]!, /^ID +QUEUED +SIZE +SENDER +RECIPIENT +ATTEMPTS +NEXT +LAST REPLY$/);
  assert.match(out[1]!, new RegExp(`^${first} +\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z +\\d+B +postmaster@example\\.test +a@remote\\.test +0 `));
});

test('queue show prints the envelope; unknown ids exit 1 and bad ids exit 2', async () => {
  const [id] = await queueMessage(['c@remote.test']);
  const r = await mailstead(['queue', 'show', String(id), '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.match(out[0]!, new RegExp(`^queue entry ${id} \\(message \\d+, \\d+B\\)$`));
  assert.equal(out[1], '  from:          <postmaster@example.test>');
  assert.equal(out[2], '  to:            <c@remote.test> NOTIFY=FAILURE');
  assert.equal(out[5], '  attempts:      0');
  const missing = await mailstead(['queue', 'show', '999999', '--dir', dir]);
  assert.deepEqual([missing.code, missing.stderr], [1, 'error: queue entry 999999 does not exist\n']);
  const bad = await mailstead(['queue', 'show', 'abc', '--dir', dir]);
  assert.equal(bad.code, 2);
});

test('queue retry, bounce and delete change the entries', async () => {
  const [one, two] = await queueMessage(['d@remote.test', 'e@remote.test']);
  let r = await mailstead(['queue', 'retry', '--all', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\d+ entries will be tried again now\n$/);
  r = await mailstead(['queue', 'retry', '--dir', dir]);
  assert.deepEqual([r.code, r.stderr], [2, 'error: give queue ids or --all\n']);
  r = await mailstead(['queue', 'bounce', String(one), '--dir', dir]);
  assert.deepEqual([r.code, r.stdout], [0, '1 entry will be bounced at the next queue pass\n']);
  assert.equal((await listJson()).find((e) => e.id === one)?.bounceRequested, true);
  r = await mailstead(['queue', 'delete', String(one), String(two), '--dir', dir]);
  assert.deepEqual([r.code, r.stdout], [0, 'removed 2 entries\n']);
  assert.equal((await listJson()).some((e) => e.id === one || e.id === two), false);
  r = await mailstead(['queue', 'delete', String(one), '--dir', dir]);
  assert.deepEqual([r.code, r.stderr], [1, `error: queue entry ${one} does not exist\n`]);
});
