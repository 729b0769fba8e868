import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { unlink, utimes, writeFile } from 'node:fs/promises';
import { addAccounts, deliveryRequest, storeBlob } from '../helpers/mail-fixtures.ts';
import { openMail, openStore, storeBackends, tempDir, TEST_OPS_MODULE, type StoreBackend } from '../helpers/store-backends.ts';
import type { writeOps } from '../helpers/test-write-ops.ts';

const HOUR = 3_600_000;

/** A store with one account (alice, id 1) holding one delivered message; and a raw-SQL store beside it. */
async function populated(t: TestContext, backend: StoreBackend) {
  const dir = await tempDir(t);
  const { mail } = await openMail(t, backend, dir);
  const [alice] = await addAccounts(mail, 'example.test', ['alice']);
  const blob = await storeBlob(mail, 'Subject: checked\r\n\r\nbody\r\n');
  const delivered = await mail.deliver(deliveryRequest(blob, [alice!]));
  const raw = await openStore<typeof writeOps>(t, backend, dir, TEST_OPS_MODULE);
  return { mail, raw, blob, mailboxId: delivered.local[0]!.mailboxId, messageId: delivered.messageId };
}

for (const backend of storeBackends()) {
  describe(`${backend.name}: check-store`, () => {
    test('reports nothing for a consistent store', async (t) => {
      const { mail } = await populated(t, backend);
      assert.deepEqual(await mail.checkStore({ graceMs: HOUR }), { problems: [], collectedBlobs: 0 });
    });

    test('reports a message whose blob was deleted', async (t) => {
      const { mail, blob, messageId } = await populated(t, backend);
      await unlink(mail.blobs.path(blob.hash));
      assert.deepEqual((await mail.checkStore({ graceMs: HOUR })).problems, [`message ${messageId}: blob ${blob.hash} is missing`]);
    });

    test('reports a blob whose content no longer matches its hash', async (t) => {
      const { mail, blob, messageId } = await populated(t, backend);
      const damaged = 'Subject: checked\r\n\r\nBODY\r\n';
      await writeFile(mail.blobs.path(blob.hash), damaged);
      const { problems } = await mail.checkStore({ graceMs: HOUR });
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, new RegExp(`^message ${messageId}: blob ${blob.hash} is damaged: its content hashes to [0-9a-f]{64}$`));
    });

    test('reports a blob whose size differs from the message row', async (t) => {
      const { mail, raw, blob, messageId } = await populated(t, backend);
      await raw.write('exec', { sql: 'UPDATE messages SET size = size + 1' });
      assert.deepEqual((await mail.checkStore({ graceMs: HOUR })).problems, [
        `message ${messageId}: blob ${blob.hash} has ${blob.size} bytes but the message row says ${blob.size + 1}`,
      ]);
    });

    test('reports an account whose used_bytes was tampered with', async (t) => {
      const { mail, raw, blob } = await populated(t, backend);
      await raw.write('exec', { sql: 'UPDATE accounts SET used_bytes = 7' });
      assert.deepEqual((await mail.checkStore({ graceMs: HOUR })).problems, [
        `account alice@example.test: used_bytes is 7 but its messages total ${blob.size} bytes`,
      ]);
    });

    test('reports a uid that is not below its mailbox\'s uidnext', async (t) => {
      const { mail, raw, mailboxId } = await populated(t, backend);
      await raw.write('exec', { sql: 'UPDATE mailboxes SET uidnext = 1 WHERE id = ?', params: [mailboxId] });
      assert.deepEqual((await mail.checkStore({ graceMs: HOUR })).problems, [
        `mailbox alice@example.test/INBOX (id ${mailboxId}): uid 1 is not below uidnext 1`,
      ]);
    });

    test('reports modseqs above highest_modseq and wrong counts', async (t) => {
      const { mail, raw, mailboxId, messageId } = await populated(t, backend);
      await raw.write('exec', { sql: 'UPDATE mailboxes SET highest_modseq = 1, message_count = 5 WHERE id = ?', params: [mailboxId] });
      await raw.write('exec', { sql: 'UPDATE messages SET refcount = 4' });
      const label = `mailbox alice@example.test/INBOX (id ${mailboxId})`;
      assert.deepEqual((await mail.checkStore({ graceMs: HOUR })).problems, [
        `${label}: uid 1 has modseq 2 above highest_modseq 1`,
        `${label}: change log modseq 2 is above highest_modseq 1`,
        `${label}: message_count is 5 but it holds 1 messages`,
        `message ${messageId}: refcount is 4 but 1 mailbox entries and 0 queue entries refer to it`,
      ]);
    });

    test('collects an orphan blob only once it is older than the grace period', async (t) => {
      const { mail, blob } = await populated(t, backend);
      const orphan = await storeBlob(mail, 'Subject: orphan\r\n\r\nnever delivered\r\n');
      assert.deepEqual(await mail.checkStore({ graceMs: HOUR }), { problems: [], collectedBlobs: 0 });
      assert.equal(await mail.blobs.exists(orphan.hash), true);

      const old = new Date(Date.now() - 2 * HOUR);
      await utimes(mail.blobs.path(orphan.hash), old, old);
      await utimes(mail.blobs.path(blob.hash), old, old);
      assert.deepEqual(await mail.checkStore({ graceMs: HOUR }), { problems: [], collectedBlobs: 1 });
      assert.equal(await mail.blobs.exists(orphan.hash), false);
      assert.equal(await mail.blobs.exists(blob.hash), true, 'a referenced blob is never collected, however old');
    });
  });
}
