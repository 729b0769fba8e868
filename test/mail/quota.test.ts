import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addAccounts, deliveryRequest, inbox, storeBlob } from '../helpers/mail-fixtures.ts';
import { appendText } from './append-fixture.ts';
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

    test('stores a message limit given at creation and reports it as the MESSAGE resource', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      const account = await mail.addAccount({ address: 'alice@example.test', passwordHash: 'h', quotaBytes: 10_240, quotaMessages: 2 });
      assert.deepEqual([account.quotaMessages, account.messageCount], [2, 0]);
      await appendText(mail, account, BODY);
      assert.deepEqual(await mail.quotaUsage(account.id), { storageUsed: 1, storageLimit: 10, messagesUsed: 1, messageLimit: 2 });
      assert.equal((await mail.findAccount('alice@example.test'))?.messageCount, 1);
    });

    test('refuses a delivery that would exceed the message limit, all or nothing', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [roomy] = await addAccounts(mail, 'example.test', ['roomy']);
      const full = await mail.addAccount({ address: 'full@example.test', passwordHash: 'h', quotaBytes: null, quotaMessages: 1 });
      const blob = await storeBlob(mail, BODY);
      await mail.deliver(deliveryRequest(blob, [full]));
      await assert.rejects(mail.deliver(deliveryRequest(blob, [roomy!, full])), {
        name: 'StoreOpError',
        code: 'over-quota',
        detail: { address: 'full@example.test' },
      });
      assert.equal((await inbox(mail, roomy!)).messageCount, 0);
      assert.equal((await mail.findAccount('full@example.test'))?.messageCount, 1);
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('counts every entry of one delivery against the message limit', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      const alice = await mail.addAccount({ address: 'alice@example.test', passwordHash: 'h', quotaBytes: null, quotaMessages: 1 });
      const blob = await storeBlob(mail, BODY);
      await assert.rejects(mail.deliver(deliveryRequest(blob, [alice, alice])), { code: 'over-quota' });
      const result = await mail.deliver(deliveryRequest(blob, [alice]));
      assert.deepEqual(result.local.map((l) => l.uid), [1]);
    });

    test('refuses an append and a copy past the message limit, and a move within the account', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      const alice = await mail.addAccount({ address: 'alice@example.test', passwordHash: 'h', quotaBytes: null, quotaMessages: 2 });
      await appendText(mail, alice, BODY);
      await appendText(mail, alice, BODY);
      await assert.rejects(appendText(mail, alice, BODY), { code: 'over-quota', detail: { address: 'alice@example.test' } });
      const source = (await inbox(mail, alice)).id;
      await assert.rejects(mail.copyMessages({ accountId: alice.id, sourceMailboxId: source, uids: [[1, 1]], target: 'Archive' }), {
        code: 'over-quota',
      });
      // A move keeps the count as it is, so a full account can still file its mail.
      const moved = await mail.moveMessages({ accountId: alice.id, sourceMailboxId: source, uids: [[1, 2]], target: 'Archive' });
      assert.deepEqual(moved.targetUids, [1, 2]);
      assert.equal((await mail.findAccount('alice@example.test'))?.messageCount, 2);
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('setQuota sets the message limit, keeps it when not given, and removes it with null', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      await mail.addAccount({ address: 'alice@example.test', passwordHash: 'h', quotaBytes: null });
      await mail.setQuota('alice@example.test', 1000, 50);
      assert.deepEqual(await limits(), [1000, 50]);
      await mail.setQuota('alice@example.test', 2000);
      assert.deepEqual(await limits(), [2000, 50]);
      await mail.setQuota('alice@example.test', 2000, null);
      assert.deepEqual(await limits(), [2000, null]);
      await assert.rejects(mail.setQuota('alice@example.test', null, 1.5), { code: 'invalid' });
      await assert.rejects(mail.addAccount({ address: 'bob@example.test', passwordHash: 'h', quotaBytes: null, quotaMessages: -1 }), { code: 'invalid' });

      async function limits(): Promise<Array<number | null>> {
        const account = await mail.findAccount('alice@example.test');
        return [account!.quotaBytes, account!.quotaMessages];
      }
    });
  });
}
