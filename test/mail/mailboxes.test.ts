import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeEvent } from '../../src/store/index.ts';
import { addAccounts } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';
import { appendText } from './append-fixture.ts';

for (const backend of storeBackends()) {
  describe(`${backend.name}: mailboxes`, () => {
    test('creates missing parents and lists the hierarchy with child, special-use and subscription attributes', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t), () => 1_700_000_000_000);
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      const created = await mail.createMailbox({ accountId: alice!.id, name: 'Work/2024/Q1', specialUse: '\\Archive' });
      assert.equal(created.name, 'Work/2024/Q1');
      assert.equal(created.specialUse, '\\Archive');
      await mail.subscribe(alice!.id, 'Gone/Away');
      const listing = await mail.listMailboxTree(alice!.id);
      assert.deepEqual(
        listing.map((entry) => [entry.name, entry.attributes]),
        [
          ['Archive', ['\\HasNoChildren', '\\Archive', '\\Subscribed']],
          ['Drafts', ['\\HasNoChildren', '\\Drafts', '\\Subscribed']],
          ['INBOX', ['\\HasNoChildren', '\\Subscribed']],
          ['Junk', ['\\HasNoChildren', '\\Junk', '\\Subscribed']],
          ['Sent', ['\\HasNoChildren', '\\Sent', '\\Subscribed']],
          ['Trash', ['\\HasNoChildren', '\\Trash', '\\Subscribed']],
          ['Work', ['\\HasChildren']],
          ['Work/2024', ['\\HasChildren']],
          ['Work/2024/Q1', ['\\HasNoChildren', '\\Archive']],
          ['Gone/Away', ['\\NonExistent', '\\Subscribed']],
        ],
      );
      await assert.rejects(mail.createMailbox({ accountId: alice!.id, name: 'work/2024/Q1'.replace('work', 'Work') }), { code: 'exists' });
      await assert.rejects(mail.createMailbox({ accountId: alice!.id, name: 'inbox' }), { code: 'exists' });
      await assert.rejects(mail.createMailbox({ accountId: alice!.id, name: 'a//b' }), { code: 'invalid' });
      await assert.rejects(mail.createMailbox({ accountId: alice!.id, name: 'a*' }), { code: 'invalid' });
      await assert.rejects(mail.createMailbox({ accountId: alice!.id, name: 'x', specialUse: '\\Bogus' as '\\Sent' }), { code: 'invalid-special-use' });
    });

    test('gives a mailbox recreated under a deleted name a new UIDVALIDITY, even within the same second', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t), () => 1_700_000_000_000);
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      const first = await mail.createMailbox({ accountId: alice!.id, name: 'Lists' });
      await mail.deleteMailbox(alice!.id, 'Lists');
      const second = await mail.createMailbox({ accountId: alice!.id, name: 'Lists' });
      assert.ok(second.uidValidity > first.uidValidity);
    });

    test('refuses to delete INBOX or a mailbox with children, and deleting one releases its messages and quota', async (t) => {
      const { mail, store } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      await mail.createMailbox({ accountId: alice!.id, name: 'Old/Child' });
      await assert.rejects(mail.deleteMailbox(alice!.id, 'inbox'), { code: 'invalid' });
      await assert.rejects(mail.deleteMailbox(alice!.id, 'Old'), { code: 'has-children' });
      await assert.rejects(mail.deleteMailbox(alice!.id, 'Nope'), { code: 'not-found' });
      await appendText(mail, alice!, 'Subject: a\r\n\r\nfirst\r\n', { mailbox: 'Old/Child' });
      await appendText(mail, alice!, 'Subject: b\r\n\r\nsecond\r\n', { mailbox: 'Old/Child' });
      await mail.subscribe(alice!.id, 'Old/Child');
      await mail.deleteMailbox(alice!.id, 'Old/Child');
      await mail.deleteMailbox(alice!.id, 'Old');
      assert.deepEqual((await mail.findAccount('alice@example.test'))?.usedBytes, 0);
      const counts = await store.read((tx) => tx.get<{ messages: number }>('SELECT COUNT(*) AS messages FROM messages'));
      assert.equal(counts?.messages, 0);
      assert.deepEqual(
        (await mail.listMailboxTree(alice!.id)).filter((entry) => entry.name.startsWith('Old')).map((entry) => [entry.name, entry.attributes]),
        [['Old/Child', ['\\NonExistent', '\\Subscribed']]],
      );
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('renames a mailbox with its children and subscriptions, keeping UIDVALIDITY and UIDs', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      const parent = await mail.createMailbox({ accountId: alice!.id, name: 'Projects' });
      await mail.createMailbox({ accountId: alice!.id, name: 'Projects/Alpha' });
      await mail.subscribe(alice!.id, 'Projects/Alpha');
      await appendText(mail, alice!, 'Subject: a\r\n\r\nalpha\r\n', { mailbox: 'Projects/Alpha' });
      const events: ChangeEvent[] = [];
      mail.changes.subscribe((event) => events.push(event));
      await mail.renameMailbox(alice!.id, 'Projects', 'Archive/Projects');
      const renamed = await mail.findMailbox(alice!.id, 'Archive/Projects');
      assert.equal(renamed?.id, parent.id);
      assert.equal(renamed?.uidValidity, parent.uidValidity);
      const child = await mail.findMailbox(alice!.id, 'Archive/Projects/Alpha');
      assert.equal(child?.subscribed, true);
      assert.deepEqual((await mail.listMessages(child!.id)).map((m) => m.uid), [1]);
      assert.equal(await mail.findMailbox(alice!.id, 'Projects'), undefined);
      assert.deepEqual(events.map((event) => event.kind).sort(), ['mailbox-renamed', 'mailbox-renamed']);
      await assert.rejects(mail.renameMailbox(alice!.id, 'Archive', 'Archive/Sub'), { code: 'invalid' });
      await assert.rejects(mail.renameMailbox(alice!.id, 'Sent', 'Drafts'), { code: 'exists' });
    });

    test('renaming INBOX moves its messages to the new mailbox and leaves INBOX empty with its children in place', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      await mail.createMailbox({ accountId: alice!.id, name: 'INBOX/Sub' });
      await appendText(mail, alice!, 'Subject: a\r\n\r\none\r\n', { flags: ['\\Seen'] });
      await appendText(mail, alice!, 'Subject: b\r\n\r\ntwo\r\n');
      const before = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      await mail.renameMailbox(alice!.id, 'INBOX', 'Old Mail');
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      assert.deepEqual([inbox.id, inbox.uidValidity, inbox.uidNext, inbox.messageCount], [before.id, before.uidValidity, 3, 0]);
      const moved = (await mail.findMailbox(alice!.id, 'Old Mail'))!;
      assert.deepEqual((await mail.listMessages(moved.id)).map((m) => [m.uid, m.flags]), [
        [1, ['\\Seen']],
        [2, []],
      ]);
      assert.ok(await mail.findMailbox(alice!.id, 'INBOX/Sub'));
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('reports STATUS counts: messages, unseen, deleted, size, UIDNEXT, UIDVALIDITY and HIGHESTMODSEQ', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      await appendText(mail, alice!, 'Subject: a\r\n\r\none\r\n', { flags: ['\\Seen'] });
      await appendText(mail, alice!, 'Subject: b\r\n\r\ntwo\r\n', { flags: ['\\Deleted'] });
      const inbox = (await mail.findMailbox(alice!.id, 'INBOX'))!;
      assert.deepEqual(await mail.mailboxStatus(inbox.id), {
        mailboxId: inbox.id,
        messages: 2,
        uidNext: 3,
        uidValidity: inbox.uidValidity,
        unseen: 1,
        deleted: 1,
        size: 38,
        highestModseq: 3,
        recent: 2,
        firstRecentUid: 1,
      });
      assert.deepEqual(await mail.quotaUsage(alice!.id), { storageUsed: 1, storageLimit: null, messagesUsed: 2, messageLimit: null });
    });
  });
}
