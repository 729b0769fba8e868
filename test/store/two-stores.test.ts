import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addAccounts, deliveryRequest, inbox, storeBlob } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

for (const backend of storeBackends()) {
  describe(`${backend.name}: two stores on one database`, () => {
    test('a write through one store is visible to reads through the other', async (t) => {
      const dir = await tempDir(t);
      const one = await openMail(t, backend, dir);
      const two = await openMail(t, backend, dir);
      await one.mail.addDomain('example.test');
      assert.equal((await two.mail.findDomain('example.test'))?.name, 'example.test');
    });

    test('concurrent deliveries through both stores get distinct consecutive UIDs', async (t) => {
      const dir = await tempDir(t);
      const one = await openMail(t, backend, dir);
      const two = await openMail(t, backend, dir);
      const [alice] = await addAccounts(one.mail, 'example.test', ['alice']);
      const blob = await storeBlob(one.mail, 'Subject: shared\r\n\r\nbody\r\n');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? one.mail : two.mail).deliver(deliveryRequest(blob, [alice!]))),
      );
      const uids = results.map((r) => r.local[0]!.uid).sort((a, b) => a - b);
      assert.deepEqual(uids, Array.from({ length: 20 }, (_, i) => i + 1));
      const mailbox = await inbox(two.mail, alice!);
      assert.equal(mailbox.uidNext, 21);
      assert.equal(mailbox.highestModseq, 21);
      assert.deepEqual((await one.mail.checkStore({ graceMs: 60_000 })).problems, []);
    });
  });
}
