import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeEvent } from '../../src/store/index.ts';
import { DEFAULT_MAILBOXES } from '../../src/mail/index.ts';
import { addAccounts, deliveryRequest, storeBlob } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

for (const backend of storeBackends()) {
  describe(`${backend.name}: accounts`, () => {
    test('creates an account lowercased with the default mailboxes at uidnext 1 and highest_modseq 1', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t), () => 1_700_000_000_123);
      const events: ChangeEvent[] = [];
      mail.changes.subscribe((event) => events.push(event));
      await mail.addDomain('example.test');
      const account = await mail.addAccount({ address: 'Alice@Example.TEST', passwordHash: '$argon2id$x', quotaBytes: 1000 });
      assert.deepEqual(account, {
        id: 1,
        address: 'alice@example.test',
        domain: 'example.test',
        passwordHash: '$argon2id$x',
        quotaBytes: 1000,
        usedBytes: 0,
        quotaMessages: null,
        messageCount: 0,
        isAdmin: false,
        senderPolicy: 'own',
        forwardTo: [],
        keepCopy: true,
        createdAt: 1_700_000_000_123,
      });
      const mailboxes = await mail.listMailboxes(account.id);
      assert.deepEqual(
        mailboxes.map((m) => ({ name: m.name, specialUse: m.specialUse })),
        DEFAULT_MAILBOXES.map((m) => ({ name: m.name, specialUse: m.specialUse })),
      );
      // Each mailbox of an account gets the next UIDVALIDITY from the creation second on.
      for (const [index, mailbox] of mailboxes.entries()) {
        assert.deepEqual(
          [mailbox.uidValidity, mailbox.uidNext, mailbox.highestModseq, mailbox.messageCount, mailbox.subscribed],
          [1_700_000_000 + index, 1, 1, 0, true],
        );
      }
      assert.deepEqual(
        events,
        mailboxes.map((m) => ({ kind: 'mailbox-created', accountId: 1, mailboxId: m.id })),
      );
    });

    test('refuses a duplicate address with exists and an unknown domain with not-found', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await addAccounts(mail, 'example.test', ['alice']);
      await assert.rejects(mail.addAccount({ address: 'ALICE@example.test', passwordHash: 'h', quotaBytes: null }), { code: 'exists' });
      await assert.rejects(mail.addAccount({ address: 'bob@missing.test', passwordHash: 'h', quotaBytes: null }), {
        code: 'not-found',
        detail: { domain: 'missing.test' },
      });
    });

    test('refuses an account in a domain alias with invalid', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      await mail.addDomain('example.org', { aliasOf: 'example.test' });
      await assert.rejects(mail.addAccount({ address: 'bob@example.org', passwordHash: 'h', quotaBytes: null }), { code: 'invalid' });
    });

    test('refuses malformed addresses, empty hashes and negative quotas with invalid', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      for (const address of ['alice', '@example.test', 'a b@example.test', '.a@example.test', 'a..b@example.test', `${'a'.repeat(65)}@example.test`]) {
        await assert.rejects(mail.addAccount({ address, passwordHash: 'h', quotaBytes: null }), { code: 'invalid' }, address);
      }
      await assert.rejects(mail.addAccount({ address: 'a@example.test', passwordHash: '', quotaBytes: null }), { code: 'invalid' });
      await assert.rejects(mail.addAccount({ address: 'a@example.test', passwordHash: 'h', quotaBytes: -1 }), { code: 'invalid' });
    });

    test('changes the password and the quota, and refuses both for an unknown account', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await addAccounts(mail, 'example.test', ['alice']);
      await mail.setPassword('Alice@example.test', 'new-hash');
      await mail.setQuota('alice@example.test', 5000);
      const alice = await mail.findAccount('alice@example.test');
      assert.equal(alice?.passwordHash, 'new-hash');
      assert.equal(alice?.quotaBytes, 5000);
      await mail.setQuota('alice@example.test', null);
      assert.equal((await mail.findAccount('alice@example.test'))?.quotaBytes, null);
      await assert.rejects(mail.setPassword('bob@example.test', 'h'), { code: 'not-found', detail: { address: 'bob@example.test' } });
      await assert.rejects(mail.setQuota('bob@example.test', 1), { code: 'not-found' });
    });

    test('sets the sender policy, and refuses an unknown policy or account', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await addAccounts(mail, 'example.test', ['alice']);
      await mail.setSenderPolicy('Alice@example.test', 'domain');
      assert.equal((await mail.findAccount('alice@example.test'))?.senderPolicy, 'domain');
      await assert.rejects(mail.setSenderPolicy('alice@example.test', 'everyone' as 'any'), { code: 'invalid', message: 'sender policy must be one of own, domain, any: everyone' });
      await assert.rejects(mail.setSenderPolicy('bob@example.test', 'any'), { code: 'not-found' });
    });

    test('sets forwarding with or without a copy, lowercased and once each, and stops it with no targets', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await addAccounts(mail, 'example.test', ['alice', 'bob']);
      const set = await mail.setForwarding('Alice@example.test', ['Alice@Home.Example', 'bob@example.test', 'alice@home.example'], false);
      assert.deepEqual([set.forwardTo, set.keepCopy], [['alice@home.example', 'bob@example.test'], false]);
      const alice = await mail.findAccount('alice@example.test');
      assert.deepEqual([alice?.forwardTo, alice?.keepCopy], [['alice@home.example', 'bob@example.test'], false]);
      assert.deepEqual((await mail.listAccounts()).map((a) => a.forwardTo.length), [2, 0]);

      await mail.setForwarding('alice@example.test', ['alice@home.example'], true);
      assert.equal((await mail.findAccount('alice@example.test'))?.keepCopy, true);
      const stopped = await mail.setForwarding('alice@example.test', [], false);
      assert.deepEqual([stopped.forwardTo, stopped.keepCopy], [[], true]);
      assert.deepEqual((await mail.findAccount('alice@example.test'))?.forwardTo, []);
    });

    test('refuses forwarding to a malformed address or to the account itself, and for an unknown account', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await addAccounts(mail, 'example.test', ['alice']);
      await assert.rejects(mail.setForwarding('alice@example.test', ['not an address'], true), { code: 'invalid' });
      await assert.rejects(mail.setForwarding('alice@example.test', ['x@remote.example', 'ALICE@example.test'], false), {
        code: 'invalid',
        message: 'alice@example.test cannot forward to itself; keep a copy in its INBOX instead',
      });
      await assert.rejects(mail.setForwarding('bob@example.test', ['x@remote.example'], true), { code: 'not-found' });
      assert.deepEqual((await mail.findAccount('alice@example.test'))?.forwardTo, []);
    });

    test('lists accounts by domain and finds the first admin of the domain, else of the server', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('one.test');
      await mail.addDomain('two.test');
      await mail.addAccount({ address: 'zed@one.test', passwordHash: 'h', quotaBytes: null });
      await mail.addAccount({ address: 'root@one.test', passwordHash: 'h', quotaBytes: null, isAdmin: true });
      await mail.addAccount({ address: 'amy@two.test', passwordHash: 'h', quotaBytes: null });
      assert.deepEqual((await mail.listAccounts('ONE.test')).map((a) => a.address), ['root@one.test', 'zed@one.test']);
      assert.equal((await mail.listAccounts()).length, 3);
      assert.equal((await mail.firstAdmin('one.test'))?.address, 'root@one.test');
      assert.equal((await mail.firstAdmin('two.test'))?.address, 'root@one.test');
      await mail.addAccount({ address: 'boss@two.test', passwordHash: 'h', quotaBytes: null, isAdmin: true });
      assert.equal((await mail.firstAdmin('two.test'))?.address, 'boss@two.test');
    });

    test('removing an account deletes its mailboxes and releases its message references', async (t) => {
      const { mail, store } = await openMail(t, backend, await tempDir(t));
      const [alice, bob] = await addAccounts(mail, 'example.test', ['alice', 'bob']);
      const shared = await storeBlob(mail, 'Subject: shared\r\n\r\nbody\r\n');
      const own = await storeBlob(mail, 'Subject: own\r\n\r\nbody\r\n');
      await mail.deliver(deliveryRequest(shared, [alice!, bob!]));
      await mail.deliver(deliveryRequest(own, [alice!]));
      const events: ChangeEvent[] = [];
      mail.changes.subscribe((event) => events.push(event));

      await mail.removeAccount('alice@example.test');

      assert.equal(await mail.findAccount('alice@example.test'), undefined);
      assert.deepEqual(await mail.listMailboxes(alice!.id), []);
      assert.equal(events.length, 6);
      assert.ok(events.every((e) => e.kind === 'mailbox-deleted' && e.accountId === alice!.id));
      const messages = await store.read((tx) => tx.all<{ blob_hash: string; refcount: number }>('SELECT blob_hash, refcount FROM messages'));
      assert.deepEqual(messages.map((row) => ({ ...row })), [{ blob_hash: shared.hash, refcount: 1 }]);
      assert.deepEqual(await mail.checkStore({ graceMs: 3_600_000 }), { problems: [], collectedBlobs: 0 });
      await assert.rejects(mail.removeAccount('alice@example.test'), { code: 'not-found' });
    });
  });
}
