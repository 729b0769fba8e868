import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeEvent } from '../../src/store/index.ts';
import { addAccounts } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';
import { appendText, messageOfSize } from './append-fixture.ts';

for (const backend of storeBackends()) {
  describe(`${backend.name}: messages`, () => {
    test('appends with flags and internal date, returning the APPENDUID and charging the quota', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice'], 150);
      const events: ChangeEvent[] = [];
      mail.changes.subscribe((event) => events.push(event));
      const result = await appendText(mail, alice!, messageOfSize('one', 100), { flags: ['\\seen', '$Forwarded', '\\Recent'], internalDate: 1_600_000_000_000 });
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      assert.deepEqual(result, { mailboxId: inbox.id, uidValidity: inbox.uidValidity, uid: 1, modseq: 2 });
      const [entry] = await mail.listMessages(inbox.id);
      assert.deepEqual([entry?.flags, entry?.internalDate, entry?.size], [['\\Seen', '$Forwarded'], 1_600_000_000_000, 100]);
      assert.deepEqual(events, [{ kind: 'message-added', accountId: alice!.id, mailboxId: inbox.id, uids: [[1, 1]], modseq: 2 }]);
      await assert.rejects(appendText(mail, alice!, messageOfSize('two', 100)), { code: 'over-quota' });
      await assert.rejects(appendText(mail, alice!, messageOfSize('two', 40), { mailbox: 'Nope' }), { code: 'not-found', detail: { mailbox: 'Nope', tryCreate: 1 } });
      await assert.rejects(appendText(mail, alice!, messageOfSize('two', 40), { flags: ['bad keyword'] }), { code: 'invalid' });
    });

    test('copies and moves with COPYUID maps, flags kept, quota charged only for the copy', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      for (let i = 0; i < 4; i++) await appendText(mail, alice!, messageOfSize(`m${i}`, 50), { flags: i === 1 ? ['\\Flagged'] : [] });
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      const archive = (await mail.findMailbox(alice!.id, 'Archive'))!;
      await appendText(mail, alice!, messageOfSize('already', 50), { mailbox: 'Archive' });

      const copy = await mail.copyMessages({ accountId: alice!.id, sourceMailboxId: inbox.id, uids: [[2, 3], [9, 12]], target: 'Archive' });
      assert.deepEqual(copy, { targetMailboxId: archive.id, uidValidity: archive.uidValidity, sourceUids: [2, 3], targetUids: [2, 3] });
      assert.equal((await mail.findAccount('alice@example.test'))?.usedBytes, 350);
      assert.deepEqual((await mail.listMessages(archive.id)).map((m) => [m.uid, m.flags]), [[1, []], [2, ['\\Flagged']], [3, []]]);

      const events: ChangeEvent[] = [];
      mail.changes.subscribe((event) => events.push(event));
      const move = await mail.moveMessages({ accountId: alice!.id, sourceMailboxId: inbox.id, uids: [[1, 2]], target: 'Trash' });
      const trash = (await mail.findMailbox(alice!.id, 'Trash'))!;
      assert.deepEqual(move, { targetMailboxId: trash.id, uidValidity: trash.uidValidity, sourceUids: [1, 2], targetUids: [1, 2] });
      assert.deepEqual((await mail.listMessages(inbox.id)).map((m) => m.uid), [3, 4]);
      assert.equal((await mail.findAccount('alice@example.test'))?.usedBytes, 350);
      assert.deepEqual(
        events.map((event) => event.kind === 'queue-added' || !('uids' in event) ? event.kind : [event.kind, event.mailboxId, event.uids, event.modseq]),
        [
          ['message-added', trash.id, [[1, 2]], 2],
          ['message-expunged', inbox.id, [[1, 2]], 6],
        ],
      );
      await assert.rejects(mail.copyMessages({ accountId: alice!.id, sourceMailboxId: inbox.id, uids: [[3, 3]], target: 'Nowhere' }), { code: 'not-found' });
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('stores flags with set, add and remove, one MODSEQ per operation, and honours UNCHANGEDSINCE', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      for (let i = 0; i < 3; i++) await appendText(mail, alice!, messageOfSize(`m${i}`, 50));
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      const added = await mail.storeFlags({ mailboxId: inbox.id, uids: [[1, 3]], mode: 'add', flags: ['\\Seen', 'Work'] });
      assert.deepEqual(added, {
        modseq: 5,
        changed: [{ flags: ['\\Seen', 'Work'], uids: [1, 2, 3] }],
        modified: [],
      });
      const unchanged = await mail.storeFlags({ mailboxId: inbox.id, uids: [[1, 3]], mode: 'add', flags: ['\\SEEN', 'work'] });
      assert.deepEqual(unchanged, { modseq: 5, changed: [], modified: [] });
      await mail.storeFlags({ mailboxId: inbox.id, uids: [[2, 2]], mode: 'remove', flags: ['work'] });
      const conditional = await mail.storeFlags({ mailboxId: inbox.id, uids: [[1, 3]], mode: 'set', flags: ['\\Answered'], unchangedSince: 5 });
      assert.deepEqual(conditional, { modseq: 7, changed: [{ flags: ['\\Answered'], uids: [1, 3] }], modified: [2] });
      assert.deepEqual((await mail.listMessages(inbox.id)).map((m) => [m.uid, m.modseq, m.flags]), [
        [1, 7, ['\\Answered']],
        [2, 6, ['\\Seen']],
        [3, 7, ['\\Answered']],
      ]);
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('expunges only \\Deleted messages (of a UID subset for UID EXPUNGE), releasing quota and blob references', async (t) => {
      const { mail, store } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      for (let i = 0; i < 4; i++) await appendText(mail, alice!, messageOfSize(`m${i}`, 50));
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      await mail.copyMessages({ accountId: alice!.id, sourceMailboxId: inbox.id, uids: [[1, 1]], target: 'Archive' });
      await mail.storeFlags({ mailboxId: inbox.id, uids: [[1, 3]], mode: 'add', flags: ['\\Deleted'] });
      assert.deepEqual(await mail.expunge(inbox.id, [[3, 4]]), { uids: [3], modseq: 7 });
      assert.deepEqual(await mail.expunge(inbox.id), { uids: [1, 2], modseq: 8 });
      assert.deepEqual((await mail.listMessages(inbox.id)).map((m) => m.uid), [4]);
      assert.deepEqual(await mail.expunge(inbox.id), { uids: [], modseq: 8 });
      assert.equal((await mail.findAccount('alice@example.test'))?.usedBytes, 100);
      const refs = await store.read((tx) => tx.all<{ refcount: number }>('SELECT refcount FROM messages ORDER BY id'));
      assert.deepEqual(refs.map((row) => row.refcount), [1, 1]);
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('deletes a POP3 session\'s messages at QUIT, tolerating ones an IMAP session already expunged', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      for (let i = 0; i < 3; i++) await appendText(mail, alice!, messageOfSize(`m${i}`, 50));
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      const listed = await mail.listMessages(inbox.id);
      assert.deepEqual(listed.map((m) => `${inbox.uidValidity}.${m.uid}`), [1, 2, 3].map((uid) => `${inbox.uidValidity}.${uid}`));
      await mail.storeFlags({ mailboxId: inbox.id, uids: [[2, 2]], mode: 'add', flags: ['\\Deleted'] });
      await mail.expunge(inbox.id);
      assert.deepEqual((await mail.deleteMessages(inbox.id, [1, 2])).uids, [1]);
      assert.deepEqual((await mail.listMessages(inbox.id)).map((m) => m.uid), [3]);
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('replays changes since a MODSEQ, and answers too-old once the log was trimmed past it', async (t) => {
      let clock = 1_700_000_000_000;
      const { mail } = await openMail(t, backend, await tempDir(t), () => clock);
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      for (let i = 0; i < 3; i++) await appendText(mail, alice!, messageOfSize(`m${i}`, 50));
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      await mail.storeFlags({ mailboxId: inbox.id, uids: [[1, 1]], mode: 'add', flags: ['\\Deleted'] });
      await mail.expunge(inbox.id);
      clock += 60_000;
      await mail.storeFlags({ mailboxId: inbox.id, uids: [[2, 2]], mode: 'add', flags: ['\\Seen'] });
      const since = await mail.changesSince(inbox.id, 3);
      assert.equal(since.kind, 'changes');
      if (since.kind !== 'changes') return;
      assert.deepEqual([since.highestModseq, since.changed.map((m) => [m.uid, m.modseq]), since.expunged], [7, [[2, 7], [3, 4]], [1]]);
      assert.equal(await mail.trimChangeLog(30_000), 5);
      assert.deepEqual(await mail.changesSince(inbox.id, 5), { kind: 'too-old', highestModseq: 7 });
      const recent = await mail.changesSince(inbox.id, 6);
      assert.deepEqual(recent.kind === 'changes' ? [recent.changed.map((m) => m.uid), recent.expunged] : recent, [[2], []]);
    });

    test('keeps UIDs and MODSEQs ascending across operations and a reopen of the store', async (t) => {
      const dir = await tempDir(t);
      const first = await openMail(t, backend, dir);
      const [alice] = await addAccounts(first.mail, 'example.test', ['alice']);
      await appendText(first.mail, alice!, messageOfSize('a', 50));
      const inbox = (await first.mail.findMailbox(alice!.id, 'INBOX'))!;
      await first.mail.storeFlags({ mailboxId: inbox.id, uids: [[1, 1]], mode: 'add', flags: ['\\Deleted'] });
      await first.mail.expunge(inbox.id);
      await first.mail.close();
      const second = await openMail(t, backend, dir);
      const again = await appendText(second.mail, alice!, messageOfSize('b', 50));
      assert.deepEqual([again.uid, again.modseq, again.uidValidity], [2, 5, inbox.uidValidity]);
      const status = await second.mail.mailboxStatus(inbox.id);
      assert.deepEqual([status.uidNext, status.highestModseq], [3, 5]);
    });
  });
}
