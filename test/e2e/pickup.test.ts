// The pickup folder on a running server: a file moved into pickup/ is delivered into the mailbox
// and removed, found through the file-system notification (the scan interval is left at its default).
import assert from 'node:assert/strict';
import { existsSync, watch } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningServer } from '../../src/server/index.ts';
import { createInstance, startInProcess, type Instance } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';

let instance: Instance;
let server: RunningServer;

before(async () => {
  instance = await createInstance({ domains: ['example.test'], accounts: [{ address: 'alice@example.test' }, { address: 'root@example.test' }] });
  ({ server } = await startInProcess(instance.dir));
});

after(async () => {
  await server.stop();
  await instance.cleanup();
});

/** Resolves once `path` no longer exists, watching its folder; fails after `timeoutMs`. */
async function gone(path: string, timeoutMs: number): Promise<void> {
  const done = Promise.withResolvers<void>();
  const check = (): void => {
    if (!existsSync(path)) done.resolve();
  };
  const watcher = watch(join(path, '..'), check);
  const timer = setTimeout(() => done.reject(new Error(`${path} still there after ${timeoutMs}ms`)), timeoutMs);
  check();
  try {
    await done.promise;
  } finally {
    clearTimeout(timer);
    watcher.close();
  }
}

test('a file moved into pickup/ is delivered to the mailbox and removed', async () => {
  const pickup = join(instance.dir, 'pickup');
  // Written under a name the pickup folder ignores, then renamed: the way to hand it over whole.
  await writeFile(join(pickup, 'report.tmp'), 'From: root\nTo: Alice <alice@example.test>\nBcc: root\nSubject: nightly report\n\nall good\n');
  await rename(join(pickup, 'report.tmp'), join(pickup, 'report.eml'));
  await gone(join(pickup, 'report.eml'), 20_000);

  const [message] = await readMailbox(instance.dir, 'alice@example.test');
  assert.ok(message, 'delivered to alice');
  const lines = message.text.split('\r\n');
  assert.equal(lines[0], 'Return-Path: <root@example.test>');
  assert.equal(lines[1], 'Delivered-To: alice@example.test');
  assert.match(lines[2]!, /^Received: by mx\.example\.test \(Mailstead, from pickup\) id [0-9a-f]+;$/);
  assert.match(message.text, /\r\nSubject: nightly report\r\n/);
  assert.doesNotMatch(message.text, /\r\nBcc:/);
  assert.equal((await readMailbox(instance.dir, 'root@example.test')).length, 1, 'the Bcc recipient got it too');
});
