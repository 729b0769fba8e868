// Which files a pickup scan takes and when: only settled `*.eml` files (not other names, dot files or
// bad/), not one still being written, at most maxFilesPerScan per scan, oldest first; and stop()
// waiting for the delivery in progress.
import assert from 'node:assert/strict';
import { appendFile, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DeliveryTarget, DeliveryTransaction } from '../../src/delivery/index.ts';
import { message, pickupFixture, SETTLE_MS } from './pickup-fixture.ts';

const MESSAGE = message(['From: ann@example.test', 'To: bob@example.test', 'Subject: scan', '', 'x']);

test('takes only *.eml files, in any case, and leaves other files, dot files and bad/ alone', async () => {
  const p = await pickupFixture();
  try {
    await mkdir(join(p.dir, 'bad'));
    await writeFile(join(p.dir, 'bad/old.eml'), MESSAGE);
    for (const name of ['notes.txt', 'msg.eml.tmp', '.hidden.eml', 'upper.EML', 'plain.eml']) await p.drop(name, MESSAGE);
    await p.deliverAll();
    assert.equal(p.fx.deliveries.length, 2);
    assert.deepEqual(await p.list(), ['.hidden.eml', 'bad', 'msg.eml.tmp', 'notes.txt']);
    assert.deepEqual(await p.list('bad'), ['old.eml']);
  } finally {
    await p.close();
  }
});

test('does not take a file that is still being written, only once it has settled', async () => {
  const p = await pickupFixture();
  try {
    await p.drop('slow.eml', 'From: ann@example.test\nTo: bob@example.test\n');
    await p.pickup.scan();
    p.advance(SETTLE_MS);
    await appendFile(join(p.dir, 'slow.eml'), 'Subject: written slowly\n\nfirst half\n');
    await p.pickup.scan();
    assert.equal(p.fx.deliveries.length, 0, 'changed since the last look');
    p.advance(SETTLE_MS - 1);
    await p.pickup.scan();
    assert.equal(p.fx.deliveries.length, 0, 'not settled yet');
    p.advance(1);
    await p.pickup.scan();
    assert.equal(p.fx.deliveries.length, 1);
    assert.match(await p.stored(), /Subject: written slowly\r\n.*\r\n\r\nfirst half\r\n$/s);
  } finally {
    await p.close();
  }
});

test('delivers at most maxFilesPerScan files per scan, oldest first, and the rest right after', async () => {
  const p = await pickupFixture({ maxFilesPerScan: 2 });
  try {
    const names = ['c.eml', 'a.eml', 'b.eml'];
    for (const [i, name] of names.entries()) {
      await p.drop(name, message(['From: ann@example.test', 'To: bob@example.test', `Subject: ${name}`, '', 'x']));
      const time = new Date(Date.UTC(2025, 0, 1, 0, 0, i));
      await utimes(join(p.dir, name), time, time);
    }
    await p.deliverAll();
    // Checked before anything else is awaited: the next scan is already scheduled.
    assert.equal(p.fx.deliveries.length, 2);
    await p.pickup.scan();
    assert.equal(p.fx.deliveries.length, 3);
    const subjects = p.fx.deliveries.map((d) => d.request.summary.envelope.subject);
    assert.deepEqual(subjects, ['c.eml', 'a.eml', 'b.eml']);
  } finally {
    await p.close();
  }
});

test('stop() waits for the delivery in progress, and no scan delivers afterwards', async () => {
  const committing = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  const hold = (router: DeliveryTarget): DeliveryTarget => ({
    async start(envelope) {
      const tx = await router.start(envelope);
      const held: DeliveryTransaction = {
        acceptSender: () => tx.acceptSender(),
        addRecipient: (address, dsn) => tx.addRecipient(address, dsn),
        writeBody: (chunk) => tx.writeBody(chunk),
        abort: () => tx.abort(),
        async commit() {
          committing.resolve();
          await release.promise;
          return tx.commit();
        },
      };
      return held;
    },
  });
  const p = await pickupFixture({ wrap: hold });
  try {
    await p.drop('first.eml', MESSAGE);
    await p.drop('second.eml', MESSAGE);
    await p.pickup.scan();
    p.advance(SETTLE_MS);
    const scanning = p.pickup.scan();
    await committing.promise;
    let stopped = false;
    const stopping = p.pickup.stop().then(() => {
      stopped = true;
    });
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stopped, false, 'stop() resolved while a delivery was in progress');
    release.resolve();
    await stopping;
    await scanning;
    assert.equal(p.fx.deliveries.length, 1);
    assert.deepEqual(await p.list(), ['second.eml']);
    await p.pickup.scan();
    assert.equal(p.fx.deliveries.length, 1);
  } finally {
    release.resolve();
    await p.close();
  }
});
