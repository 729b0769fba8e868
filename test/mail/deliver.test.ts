import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeEvent } from '../../src/store/index.ts';
import { addAccounts, deliveryRequest, inbox, storeBlob } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

const BODY = 'Subject: hello\r\n\r\nbody\r\n';

for (const backend of storeBackends()) {
  describe(`${backend.name}: deliver`, () => {
    test('allocates ascending UIDs from 1 and MODSEQs from 2 in each mailbox', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice, bob] = await addAccounts(mail, 'example.test', ['alice', 'bob']);
      const blob = await storeBlob(mail, BODY);
      const first = await mail.deliver(deliveryRequest(blob, [alice!]));
      const second = await mail.deliver(deliveryRequest(blob, [alice!, bob!]));
      assert.deepEqual(first.local.map((l) => [l.accountId, l.uid, l.modseq]), [[alice!.id, 1, 2]]);
      assert.deepEqual(
        second.local.map((l) => [l.accountId, l.uid, l.modseq]),
        [
          [alice!.id, 2, 3],
          [bob!.id, 1, 2],
        ],
      );
      const box = await inbox(mail, alice!);
      assert.deepEqual([box.uidNext, box.highestModseq, box.messageCount], [3, 3, 2]);
    });

    test('keeps allocating after the store is closed and reopened', async (t) => {
      const dir = await tempDir(t);
      const before = await openMail(t, backend, dir);
      const [alice] = await addAccounts(before.mail, 'example.test', ['alice']);
      const blob = await storeBlob(before.mail, BODY);
      for (let i = 0; i < 3; i++) await before.mail.deliver(deliveryRequest(blob, [alice!]));
      await before.mail.close();

      const after = await openMail(t, backend, dir);
      const result = await after.mail.deliver(deliveryRequest(blob, [alice!]));
      assert.deepEqual([result.local[0]!.uid, result.local[0]!.modseq], [4, 5]);
      assert.deepEqual((await after.mail.listMessages(result.local[0]!.mailboxId)).map((m) => [m.uid, m.modseq]), [
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 5],
      ]);
    });

    test('stores one message for all recipients, an entry per mailbox and a queue entry per remote recipient', async (t) => {
      const { mail, store } = await openMail(t, backend, await tempDir(t), () => 42_000);
      const [alice, bob] = await addAccounts(mail, 'example.test', ['alice', 'bob']);
      const blob = await storeBlob(mail, BODY);
      const events: ChangeEvent[] = [];
      mail.changes.subscribe((event) => events.push(event));
      const prefix = 'Delivered-To: alice@example.test\r\n';
      const result = await mail.deliver(deliveryRequest(blob, [alice!, bob!], ['Carol@remote.test'], prefix));

      const [entry] = await mail.listMessages(result.local[0]!.mailboxId);
      assert.deepEqual(entry, {
        uid: 1,
        modseq: 2,
        size: blob.size + prefix.length,
        blobHash: blob.hash,
        prefix,
        flags: [],
        internalDate: 1_700_000_000_000,
        messageId: result.messageId,
      });
      assert.equal((await mail.findAccount('alice@example.test'))?.usedBytes, blob.size + prefix.length);
      const queue = await store.read((tx) => tx.all<Record<string, unknown>>('SELECT id, message_id, sender, recipient, status, next_attempt_at, attempts FROM queue'));
      assert.deepEqual(queue.map((row) => ({ ...row })), [
        { id: result.queueIds[0], message_id: result.messageId, sender: 'sender@remote.test', recipient: 'Carol@remote.test', status: 'queued', next_attempt_at: 42_000, attempts: 0 },
      ]);
      const message = await store.read((tx) => tx.get<{ refcount: number }>('SELECT refcount FROM messages WHERE id = ?', [result.messageId]));
      assert.equal(message?.refcount, 3);
      assert.deepEqual(events, [
        { kind: 'message-added', accountId: alice!.id, mailboxId: result.local[0]!.mailboxId, uids: [[1, 1]], modseq: 2 },
        { kind: 'message-added', accountId: bob!.id, mailboxId: result.local[1]!.mailboxId, uids: [[1, 1]], modseq: 2 },
        { kind: 'queue-added', queueId: result.queueIds[0] },
      ]);
    });

    test('queues a remote entry with its own envelope sender when it has one (forwarding with SRS)', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t), () => 42_000);
      const blob = await storeBlob(mail, BODY);
      const srsSender = 'SRS0=abcd=AA=remote.test=sender@example.test';
      const result = await mail.deliver({
        ...deliveryRequest(blob, []),
        remote: [{ recipient: 'carol@remote.test' }, { recipient: 'dave@elsewhere.test', sender: srsSender }],
      });
      const entries = await Promise.all(result.queueIds.map((id) => mail.findQueueEntry(id)));
      assert.deepEqual(entries.map((e) => [e?.recipient, e?.sender]), [
        ['carol@remote.test', 'sender@remote.test'],
        ['dave@elsewhere.test', srsSender],
      ]);
    });

    test('delivers into a named mailbox, INBOX in any case', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      const blob = await storeBlob(mail, BODY);
      const request = deliveryRequest(blob, [alice!]);
      const junk = await mail.deliver({ ...request, local: [{ accountId: alice!.id, mailbox: 'Junk', prefix: '' }] });
      const inboxed = await mail.deliver({ ...request, local: [{ accountId: alice!.id, mailbox: 'inbox', prefix: '' }] });
      const names = new Map((await mail.listMailboxes(alice!.id)).map((m) => [m.id, m.name]));
      assert.equal(names.get(junk.local[0]!.mailboxId), 'Junk');
      assert.equal(names.get(inboxed.local[0]!.mailboxId), 'INBOX');
      await assert.rejects(mail.deliver({ ...request, local: [{ accountId: alice!.id, mailbox: 'Nope', prefix: '' }] }), { code: 'not-found' });
    });

    test('refuses a request without recipients, for an unknown account, or with a bad blob hash', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      const blob = await storeBlob(mail, BODY);
      await assert.rejects(mail.deliver(deliveryRequest(blob, [])), { code: 'invalid' });
      await assert.rejects(mail.deliver({ ...deliveryRequest(blob, [alice!]), local: [{ accountId: 999, prefix: '' }] }), {
        code: 'not-found',
        detail: { accountId: 999 },
      });
      await assert.rejects(mail.deliver(deliveryRequest({ hash: 'xyz', size: 1 }, [alice!])), { code: 'invalid' });
    });
  });
}
