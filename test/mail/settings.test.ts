import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';

for (const backend of storeBackends()) {
  describe(`${backend.name}: settings`, () => {
    test('finds nothing for a setting never written', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      assert.equal(await mail.findSetting('srs.secret'), undefined);
    });

    test('keeps the first value written for a setting, whoever writes later', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      assert.equal(await mail.initSetting('srs.secret', 'first'), 'first');
      assert.equal(await mail.initSetting('srs.secret', 'second'), 'first');
      assert.equal(await mail.findSetting('srs.secret'), 'first');
    });

    test('gives writers racing on one setting the same value', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const values = await Promise.all(['a', 'b', 'c', 'd'].map((value) => mail.initSetting('shared', value)));
      assert.equal(new Set(values).size, 1);
      assert.equal(await mail.findSetting('shared'), values[0]);
    });

    test('survives closing and reopening the store', async (t) => {
      const dir = await tempDir(t);
      const first = await openMail(t, backend, dir);
      await first.mail.initSetting('srs.secret', 'kept');
      await first.mail.close();
      const second = await openMail(t, backend, dir);
      assert.equal(await second.mail.findSetting('srs.secret'), 'kept');
    });
  });
}
