// The outbound queue's store operations on every backend: leases are exclusive until they run out,
// settlements of a runner that lost its lease are ignored, delivered and failed entries release their
// message, deferred ones keep an attempt log, and retry / bounce / delete / releaseLeases do what the
// CLI and crash recovery need.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueAttempt } from '../../src/mail/index.ts';
import { deliveryRequest, storeBlob } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

const attempt = (outcome: QueueAttempt['outcome'], at: number): QueueAttempt => ({
  attemptedAt: at,
  outcome,
  status: outcome === 'deferred' ? '4.4.1' : outcome === 'failed' ? '5.1.1' : '2.0.0',
  detail: `${outcome} detail`,
  host: 'mx.remote.test[192.0.2.1]:25',
  tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', verified: false },
});

for (const backend of storeBackends()) {
  describe(`${backend.name}: outbound queue`, () => {
    async function queued(t: TestContext, recipients: string[]) {
      const clock = { now: 1_000_000 };
      const { mail } = await openMail(t, backend, await tempDir(t), () => clock.now);
      const blob = await storeBlob(mail, 'Subject: q\r\n\r\nbody\r\n');
      const result = await mail.deliver({
        ...deliveryRequest(blob, [], []),
        remote: recipients.map((recipient) => ({ recipient, dsn: { notify: ['FAILURE', 'DELAY'], orcpt: { type: 'rfc822', address: recipient.toUpperCase() } } })),
        dsn: { ret: 'HDRS', envid: 'env-1' },
      });
      return { mail, clock, ids: result.queueIds, messageId: result.messageId };
    }

    test('stores the DSN parameters with each entry and lists it with its blob', async (t) => {
      const { mail, ids, messageId } = await queued(t, ['a@remote.test']);
      const [entry] = await mail.listQueue();
      assert.deepEqual(
        { ...entry, blobHash: typeof entry!.blobHash },
        {
          id: ids[0],
          messageId,
          blobHash: 'string',
          size: 20,
          receivedAt: 1_700_000_000_000,
          sender: 'sender@remote.test',
          recipient: 'a@remote.test',
          status: 'queued',
          nextAttemptAt: 1_000_000,
          attempts: 0,
          lastReply: null,
          createdAt: 1_000_000,
          notify: ['FAILURE', 'DELAY'],
          orcpt: { type: 'rfc822', address: 'A@REMOTE.TEST' },
          ret: 'HDRS',
          envid: 'env-1',
          delayWarned: false,
          bounceRequested: false,
          submitted: true,
          smtputf8: false,
        },
      );
    });

    test('leases an entry to one runner until the lease runs out', async (t) => {
      const { mail, clock } = await queued(t, ['a@remote.test']);
      const first = await mail.leaseDue({ owner: 'one', leaseMs: 1000, limit: 10 });
      assert.deepEqual(first.map((e) => e.status), ['delivering']);
      assert.deepEqual(await mail.leaseDue({ owner: 'two', leaseMs: 1000, limit: 10 }), []);
      clock.now += 1000;
      assert.equal((await mail.leaseDue({ owner: 'two', leaseMs: 1000, limit: 10 })).length, 1, 'an expired lease is taken again');
      assert.deepEqual(await mail.settleQueue('one', [{ queueId: first[0]!.id, attempt: attempt('delivered', clock.now) }]), [], 'the old owner lost it');
      assert.equal((await mail.listQueue()).length, 1);
    });

    test('keeps a deferred entry with its attempt and next time, and releases the message when the last entry ends', async (t) => {
      const { mail, clock, ids } = await queued(t, ['a@remote.test', 'b@remote.test']);
      await mail.leaseDue({ owner: 'r', leaseMs: 60_000, limit: 10 });
      const settled = await mail.settleQueue('r', [
        { queueId: ids[0]!, attempt: attempt('deferred', clock.now), nextAttemptAt: clock.now + 300_000 },
        { queueId: ids[1]!, attempt: attempt('failed', clock.now) },
      ]);
      assert.deepEqual(settled, ids);
      const [left, ...none] = await mail.listQueue();
      assert.equal(none.length, 0);
      assert.deepEqual([left!.id, left!.status, left!.attempts, left!.nextAttemptAt, left!.lastReply], [ids[0], 'queued', 1, clock.now + 300_000, 'deferred detail']);
      assert.deepEqual(await mail.listQueueAttempts(ids[0]!), [attempt('deferred', clock.now)]);
      assert.equal(await mail.nextQueueDue(), clock.now + 300_000);
      clock.now += 300_000;
      await mail.leaseDue({ owner: 'r', leaseMs: 60_000, limit: 10 });
      await mail.settleQueue('r', [{ queueId: ids[0]!, attempt: attempt('delivered', clock.now) }]);
      assert.deepEqual(await mail.listQueue(), []);
      assert.equal(await mail.nextQueueDue(), undefined);
      assert.deepEqual((await mail.checkStore({ graceMs: 0 })).problems, []);
    });

    test('retries, bounces, deletes, and releases the leases of runners that are gone', async (t) => {
      const { mail, clock, ids } = await queued(t, ['a@remote.test', 'b@remote.test', 'c@remote.test']);
      await mail.leaseDue({ owner: 'gone', leaseMs: 60_000, limit: 1 });
      assert.deepEqual(await mail.listLeaseOwners(), ['gone']);
      assert.equal(await mail.releaseLeases(['gone']), 1);
      assert.deepEqual(await mail.listLeaseOwners(), []);
      await mail.leaseDue({ owner: 'r', leaseMs: 60_000, limit: 10 });
      await mail.settleQueue('r', ids.map((queueId) => ({ queueId, attempt: attempt('deferred', clock.now), nextAttemptAt: clock.now + 60_000 })));
      clock.now += 10;
      assert.equal(await mail.retryQueue([ids[0]!]), 1);
      assert.equal((await mail.findQueueEntry(ids[0]!))?.nextAttemptAt, clock.now);
      assert.equal(await mail.retryQueue(null), 3);
      assert.equal(await mail.requestBounce([ids[1]!]), 1);
      assert.equal((await mail.findQueueEntry(ids[1]!))?.bounceRequested, true);
      assert.equal(await mail.removeQueueEntries([ids[2]!, 999]), 1);
      assert.deepEqual((await mail.listQueue()).map((e) => e.id), [ids[0], ids[1]]);
      await mail.markDelayWarned([ids[0]!]);
      assert.equal((await mail.findQueueEntry(ids[0]!))?.delayWarned, true);
      assert.deepEqual((await mail.checkStore({ graceMs: 0 })).problems, []);
    });
  });
}
