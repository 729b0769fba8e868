// The \Recent watermark (RFC 3501 §2.3.2, mail/ops/recent.ts): a claim hands out each UID once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addAccounts } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';
import { appendText } from './append-fixture.ts';

for (const backend of storeBackends()) {
  describe(`${backend.name}: recent claims`, () => {
    test('claims every unclaimed UID once and counts only unclaimed messages in the status', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      await appendText(mail, alice!, 'Subject: a\r\n\r\none\r\n');
      await appendText(mail, alice!, 'Subject: b\r\n\r\ntwo\r\n');
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      assert.deepEqual(await status(mail, inbox.id), { recent: 2, firstRecentUid: 1 });
      assert.deepEqual(await mail.claimRecent(inbox.id), { first: 1, next: 3 });
      assert.deepEqual(await mail.claimRecent(inbox.id), { first: 3, next: 3 });
      assert.deepEqual(await status(mail, inbox.id), { recent: 0, firstRecentUid: 3 });
      await appendText(mail, alice!, 'Subject: c\r\n\r\nthree\r\n');
      assert.deepEqual(await status(mail, inbox.id), { recent: 1, firstRecentUid: 3 });
      assert.deepEqual(await mail.claimRecent(inbox.id), { first: 3, next: 4 });
    });

    test('gives concurrent claims disjoint ranges', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      for (const subject of ['a', 'b', 'c']) await appendText(mail, alice!, `Subject: ${subject}\r\n\r\nx\r\n`);
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      const claims = await Promise.all([mail.claimRecent(inbox.id), mail.claimRecent(inbox.id), mail.claimRecent(inbox.id)]);
      const claimed = claims.flatMap((claim) => Array.from({ length: claim.next - claim.first }, (_, i) => claim.first + i));
      assert.deepEqual(claimed.sort(), [1, 2, 3]);
    });

    test('refuses a claim on a mailbox that does not exist with not-found', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await assert.rejects(mail.claimRecent(999), { code: 'not-found' });
    });
  });
}

async function status(mail: Awaited<ReturnType<typeof openMail>>['mail'], mailboxId: number): Promise<{ recent: number; firstRecentUid: number }> {
  const { recent, firstRecentUid } = await mail.mailboxStatus(mailboxId);
  return { recent, firstRecentUid };
}
