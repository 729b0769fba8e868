import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LATEST_SCHEMA_VERSION } from '../../src/store/index.ts';
import { openStore, storeBackends, tempDir, TEST_OPS_MODULE } from '../helpers/store-backends.ts';
import type { writeOps } from '../helpers/test-write-ops.ts';

type Ops = typeof writeOps;

for (const backend of storeBackends()) {
  describe(`${backend.name}: schema migrations`, () => {
    test('creates the schema on first open and records each migration once', async (t) => {
      const dir = await tempDir(t);
      const store = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const versions = await store.read((tx) => tx.all<{ version: number }>('SELECT version FROM schema_version ORDER BY version'));
      assert.deepEqual(
        versions.map((row) => row.version),
        Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1),
      );
    });

    test('reopening an existing database applies nothing again and keeps its data', async (t) => {
      const dir = await tempDir(t);
      const first = await backend.open<Ops>(dir, TEST_OPS_MODULE);
      await first.write('insertAndEmit', { domain: 'kept.test' });
      await first.close();

      const second = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const versions = await second.read((tx) => tx.all<{ version: number }>('SELECT version FROM schema_version'));
      assert.equal(versions.length, LATEST_SCHEMA_VERSION);
      const domains = await second.read((tx) => tx.all<{ name: string }>('SELECT name FROM domains'));
      assert.deepEqual(domains.map((row) => row.name), ['kept.test']);
    });

    test('two stores opening a new database at once both succeed and migrate it once', async (t) => {
      const dir = await tempDir(t);
      const [a, b] = await Promise.all([backend.open<Ops>(dir, TEST_OPS_MODULE), backend.open<Ops>(dir, TEST_OPS_MODULE)]);
      t.after(() => Promise.all([a.close(), b.close()]));
      const versions = await b.read((tx) => tx.all<{ version: number }>('SELECT version FROM schema_version'));
      assert.equal(versions.length, LATEST_SCHEMA_VERSION);
    });
  });
}
