import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { LATEST_SCHEMA_VERSION } from '../../src/store/index.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { DATABASE_FILE } from '../../src/store/sqlite/connection.ts';
import { SQLITE_DIALECT } from '../../src/store/sqlite/migrate.ts';
import { SQLITE_TEXT_INDEX } from '../../src/store/sqlite/text-index.ts';
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

test('migration 4 keeps the body words of messages indexed before it, phrases included, with empty header text', async (t) => {
  const dir = await tempDir(t);
  const db = new DatabaseSync(join(dir, DATABASE_FILE));
  for (const migration of MIGRATIONS.filter((m) => m.version < 4)) for (const statement of migration.statements(SQLITE_DIALECT)) db.exec(statement);
  db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
  db.exec("INSERT INTO schema_version VALUES (1, 'initial', 0), (2, 'mailbox-semantics', 0), (3, 'message-quota', 0)");
  db.prepare('INSERT INTO message_text (rowid, body) VALUES (?, ?)').run(7, 'The quarterly Überraschung is ready.');
  db.prepare('INSERT INTO message_text (rowid, body) VALUES (?, ?)').run(8, '');
  db.close();

  const store = await openStore<Ops>(t, storeBackends()[0]!, dir, TEST_OPS_MODULE);
  const match = (query: string | undefined) =>
    store.read((tx) => tx.all<{ rowid: number }>(SQLITE_TEXT_INDEX.matchingIds, [query ?? ''])).then((rows) => rows.map((row) => row.rowid));
  assert.deepEqual(await match(SQLITE_TEXT_INDEX.query('uberraschung is rea', 'body')), [7]);
  assert.deepEqual(await match(SQLITE_TEXT_INDEX.query('is quarterly', 'body')), []);
  assert.deepEqual(await match(SQLITE_TEXT_INDEX.query('quarterly', 'header')), []);
  const indexed = await store.read((tx) => tx.all<{ id: number }>(SQLITE_TEXT_INDEX.indexedIds));
  assert.deepEqual(indexed.map((row) => row.id).sort(), [7, 8]);
});
