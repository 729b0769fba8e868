import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fillMailbox } from '../helpers/bulk-mailbox.ts';
import { addAccounts } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

const COUNT = 100_000;
const SIZE = 1000;
/** Each operation on the whole mailbox must finish well under a second (issue 4); this leaves slack for a busy CI machine. */
const LIMIT_MS = 1000;

async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < LIMIT_MS, `${what} took ${Math.round(elapsed)} ms`);
  return result;
}

for (const backend of storeBackends()) {
  describe(`${backend.name}: a 100,000-message mailbox`, () => {
    test('lists UIDs and flags, searches UNSEEN and stores a flag on every message, each under a second', async (t) => {
      const dir = await tempDir(t);
      const { mail } = await openMail(t, backend, dir);
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      await fillMailbox(t, backend, dir, mail, { accountId: alice!.id, mailboxId: inbox.id, count: COUNT, size: SIZE });

      const entries = await timed('FETCH 1:* (UID FLAGS)', () => mail.listMessages(inbox.id));
      assert.equal(entries.length, COUNT);
      assert.deepEqual(entries[2]?.flags, []);
      assert.deepEqual(entries[3]?.flags, ['\\Seen']);
      const unseen = await timed('UID SEARCH UNSEEN', () => mail.search(inbox.id, { kind: 'flag', flag: '\\Seen', set: false }));
      assert.equal(unseen.length, Math.floor(COUNT / 3));
      const stored = await timed('STORE 1:* +FLAGS (\\Flagged)', () =>
        mail.storeFlags({ mailboxId: inbox.id, uids: [[1, COUNT]], mode: 'add', flags: ['\\Flagged'] }),
      );
      assert.deepEqual([stored.modseq, stored.changed.map((group) => [group.flags, group.uids.length])], [3, [[['\\Seen', '\\Flagged'], COUNT - Math.floor(COUNT / 3)], [['\\Flagged'], Math.floor(COUNT / 3)]]]);
      const status = await timed('STATUS', () => mail.mailboxStatus(inbox.id));
      assert.deepEqual([status.messages, status.unseen, status.highestModseq], [COUNT, Math.floor(COUNT / 3), 3]);
    });
  });
}
