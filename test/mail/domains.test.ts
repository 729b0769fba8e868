import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

for (const backend of storeBackends()) {
  describe(`${backend.name}: domains`, () => {
    test('adds a domain lowercased and finds it in any case', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t), () => 1_000);
      assert.deepEqual(await mail.addDomain('Example.TEST'), { id: 1, name: 'example.test', aliasOf: null, createdAt: 1_000 });
      assert.equal((await mail.findDomain('EXAMPLE.test'))?.id, 1);
      assert.equal(await mail.findDomain('other.test'), undefined);
    });

    test('refuses a second domain of the same name with exists', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      await assert.rejects(mail.addDomain('EXAMPLE.test'), { code: 'exists', message: 'domain example.test already exists' });
    });

    test('refuses a malformed domain name with invalid', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      for (const name of ['', 'bad domain.test', '-lead.test', 'a..b', 'x'.repeat(64) + '.test']) {
        await assert.rejects(mail.addDomain(name), { code: 'invalid' }, name);
      }
    });

    test('adds a domain alias onto an existing domain but not onto another alias', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      assert.equal((await mail.addDomain('example.org', { aliasOf: 'Example.test' })).aliasOf, 'example.test');
      await assert.rejects(mail.addDomain('example.net', { aliasOf: 'example.org' }), { code: 'invalid' });
      await assert.rejects(mail.addDomain('example.com', { aliasOf: 'missing.test' }), { code: 'not-found' });
      assert.deepEqual(
        (await mail.listDomains()).map((d) => [d.name, d.aliasOf]),
        [
          ['example.org', 'example.test'],
          ['example.test', null],
        ],
      );
    });

    test('refuses to remove a domain with accounts, aliases or domain aliases with in-use', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await mail.addDomain('example.test');
      await mail.addAccount({ address: 'alice@example.test', passwordHash: 'h', quotaBytes: null });
      await assert.rejects(mail.removeDomain('example.test'), { code: 'in-use', message: 'domain example.test still has 1 account(s)' });
      await mail.removeAccount('alice@example.test');

      await mail.addAlias('info@example.test', ['someone@remote.test']);
      await assert.rejects(mail.removeDomain('example.test'), { code: 'in-use', message: 'domain example.test still has 1 alias(es)' });
      await mail.removeAlias('info@example.test');

      await mail.addDomain('example.org', { aliasOf: 'example.test' });
      await assert.rejects(mail.removeDomain('example.test'), { code: 'in-use', message: 'domain example.test still has 1 domain alias(es)' });
      await mail.removeDomain('example.org');

      await mail.removeDomain('example.test');
      assert.deepEqual(await mail.listDomains(), []);
    });

    test('removing an unknown domain fails with not-found', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      await assert.rejects(mail.removeDomain('missing.test'), { code: 'not-found', detail: { domain: 'missing.test' } });
    });
  });
}
