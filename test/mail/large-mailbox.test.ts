// Issue 4's 100,000-message mailbox at the store level: every result checked, and a regression bound
// (best of three runs under LIMIT_MS) that a busy shared CI machine meets; speed against the one-second
// target is compared in benchmarks, not in timed tests. Every measured time is printed as a diagnostic.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { fillMailbox } from '../helpers/bulk-mailbox.ts';
import { addAccounts } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

const COUNT = 100_000;
const SIZE = 1000;
const UNSEEN = Math.floor(COUNT / 3);
const LIMIT_MS = 4000;
const RUNS = 3;

async function bestOf<T>(t: TestContext, what: string, run: (index: number) => Promise<T>, check: (result: T, index: number) => void): Promise<void> {
  const times: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const started = performance.now();
    const result = await run(index);
    times.push(Math.round(performance.now() - started));
    check(result, index);
  }
  t.diagnostic(`${what}: ${times.join(', ')} ms`);
  assert.ok(Math.min(...times) < LIMIT_MS, `${what}: best of ${times.join(', ')} ms`);
}

for (const backend of storeBackends()) {
  describe(`${backend.name}: a 100,000-message mailbox`, () => {
    test('lists UIDs and flags, searches UNSEEN and stores a flag on every message within the regression bound', async (t) => {
      const dir = await tempDir(t);
      const { mail } = await openMail(t, backend, dir);
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      await fillMailbox(t, backend, dir, mail, { accountId: alice!.id, mailboxId: inbox.id, count: COUNT, size: SIZE });

      await bestOf(t, 'FETCH 1:* (UID FLAGS)', () => mail.listFlags(inbox.id), (entries) => {
        assert.equal(entries.length, COUNT);
        assert.deepEqual([entries[2]?.flags, entries[3]?.flags], [[], ['\\Seen']]);
      });
      await bestOf(t, 'UID SEARCH UNSEEN', () => mail.search(inbox.id, { kind: 'flag', flag: '\\Seen', set: false }), (unseen) => {
        assert.equal(unseen.length, UNSEEN);
      });
      // Alternating +FLAGS and -FLAGS, so every run changes every message and takes the next MODSEQ.
      await bestOf(
        t,
        'STORE 1:* ±FLAGS (\\Flagged)',
        (index) => mail.storeFlags({ mailboxId: inbox.id, uids: [[1, COUNT]], mode: index % 2 === 0 ? 'add' : 'remove', flags: ['\\Flagged'] }),
        (stored, index) => {
          const flagged = index % 2 === 0 ? ['\\Flagged'] : [];
          const groups = stored.changed.map((group) => [group.flags, group.uids.length, group.uids[0]]).sort((a, b) => Number(a[2]) - Number(b[2]));
          assert.deepEqual([stored.modseq, groups], [3 + index, [[['\\Seen', ...flagged], COUNT - UNSEEN, 1], [flagged, UNSEEN, 3]]]);
        },
      );
      const status = await mail.mailboxStatus(inbox.id);
      assert.deepEqual([status.messages, status.unseen, status.highestModseq], [COUNT, UNSEEN, 2 + RUNS]);
    });
  });
}
