import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addAccounts, deliveryRequest, inbox, storeBlob } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

const BODY = 'Subject: quota\r\n\r\n' + 'x'.repeat(80) + '\r\n'; // 100 bytes

for (const backend of storeBackends()) {
  describe(`${backend.name}: quota`, () => {
    test('refuses a delivery when any local recipient would exceed its quota, and stores nothing', async (t) => {
      const { mail, store } = await openMail(t, backend, await tempDir(t));
      const [roomy] = await addAccounts(mail, 'example.test', ['roomy']);
      await mail.addAccount({ address: 'full@example.test', passwordHash: 'h', quotaBytes: 150 });
      const full = (await mail.findAccount('full@example.test'))!;
      const blob = await storeBlob(mail, BODY);
      assert.equal(blob.size, 100);
      await mail.deliver(deliveryRequest(blob, [full]));

      await assert.rejects(mail.deliver(deliveryRequest(blob, [roomy!, full], ['far@remote.test'])), {
        name: 'StoreOpError',
        code: 'over-quota',
        detail: { address: 'full@example.test' },
      });

      const roomyInbox = await inbox(mail, roomy!);
      assert.deepEqual([roomyInbox.uidNext, roomyInbox.highestModseq, roomyInbox.messageCount], [1, 1, 0]);
      assert.equal((await mail.findAccount('roomy@example.test'))?.usedBytes, 0);
      assert.equal((await mail.findAccount('full@example.test'))?.usedBytes, 100);
      const counts = await store.read((tx) =>
        tx.get<{ messages: number; queue: number; changes: number }>(
          'SELECT (SELECT COUNT(*) FROM messages) AS messages, (SELECT COUNT(*) FROM queue) AS queue, (SELECT COUNT(*) FROM changes) AS changes',
        ),
      );
      assert.deepEqual({ ...counts }, { messages: 1, queue: 0, changes: 1 });
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('accepts a delivery that fills the quota exactly, counting the prefix', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice'], 110);
      const blob = await storeBlob(mail, BODY);
      await mail.deliver(deliveryRequest(blob, [alice!], [], 'X-Ten: 1\r\n'));
      assert.equal((await mail.findAccount('alice@example.test'))?.usedBytes, 110);
      await assert.rejects(mail.deliver(deliveryRequest(blob, [alice!], [], '')), { code: 'over-quota' });
    });

    test('charges an account every entry it receives in one delivery', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice'], 150);
      const blob = await storeBlob(mail, BODY);
      await assert.rejects(mail.deliver(deliveryRequest(blob, [alice!, alice!])), { code: 'over-quota' });
      await mail.setQuota('alice@example.test', null);
      const result = await mail.deliver(deliveryRequest(blob, [alice!, alice!]));
      assert.deepEqual(result.local.map((l) => l.uid), [1, 2]);
    });
  });
}
