import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

for (const backend of storeBackends()) {
  describe(`${backend.name}: aliases`, () => {
    test('adding to an existing alias appends only the targets it does not have', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      const first = await mail.addAlias('Sales@example.test', ['Alice@example.test', 'bob@example.test', 'alice@example.test']);
      assert.deepEqual(first.targets, ['alice@example.test', 'bob@example.test']);
      const second = await mail.addAlias('sales@example.test', ['bob@example.test', 'carol@remote.test']);
      assert.deepEqual(second, { id: first.id, address: 'sales@example.test', targets: ['alice@example.test', 'bob@example.test', 'carol@remote.test'] });
      assert.deepEqual(await mail.findAlias('SALES@example.test'), second);
    });

    test('stores a catch-all as @domain and lists aliases by domain', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('one.test');
      await mail.addDomain('two.test');
      await mail.addAlias('@One.test', ['postmaster@one.test']);
      await mail.addAlias('info@two.test', ['x@remote.test']);
      assert.deepEqual((await mail.listAliases('one.test')).map((a) => [a.address, a.targets]), [['@one.test', ['postmaster@one.test']]]);
      assert.deepEqual((await mail.listAliases()).map((a) => a.address), ['@one.test', 'info@two.test']);
    });

    test('refuses an alias without targets or with a malformed target with invalid', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      await assert.rejects(mail.addAlias('a@example.test', []), { code: 'invalid' });
      await assert.rejects(mail.addAlias('a@example.test', ['not an address']), { code: 'invalid' });
      await assert.rejects(mail.addAlias('a@missing.test', ['b@example.test']), { code: 'not-found' });
      assert.equal(await mail.findAlias('a@example.test'), undefined);
    });

    test('removes an alias with its targets, and an unknown one fails with not-found', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      await mail.addAlias('a@example.test', ['b@example.test']);
      await mail.removeAlias('A@example.test');
      assert.equal(await mail.findAlias('a@example.test'), undefined);
      await assert.rejects(mail.removeAlias('a@example.test'), { code: 'not-found', detail: { address: 'a@example.test' } });
    });
  });
}
