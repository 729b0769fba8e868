// SQLite-specific behaviour of the writer thread (the contract suites cover the rest).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, storeBackends, tempDir, TEST_OPS_MODULE } from '../helpers/store-backends.ts';
import type { writeOps } from '../helpers/test-write-ops.ts';

type Ops = typeof writeOps;

const sqlite = storeBackends().find((backend) => backend.name === 'sqlite');

describe('sqlite writer thread', { skip: sqlite ? false : 'STORE is not sqlite' }, () => {
  test('rejects an operation that succeeded under its savepoint when the COMMIT fails, and keeps working', async (t) => {
    const store = await openStore<Ops>(t, sqlite!, await tempDir(t), TEST_OPS_MODULE);
    await assert.rejects(store.write('sqliteFailCommit', {} as never), { message: /FOREIGN KEY constraint failed/ });
    const accounts = await store.read((tx) => tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM accounts'));
    assert.equal(accounts?.n, 0);
    assert.equal(typeof (await store.write('insertAndEmit', { domain: 'after.test' })), 'number');
  });

  test('refuses writes on a read connection', async (t) => {
    const store = await openStore<Ops>(t, sqlite!, await tempDir(t), TEST_OPS_MODULE);
    await assert.rejects(
      store.read((tx) => tx.run("INSERT INTO domains (name, created_at) VALUES ('sneaky.test', 0)")),
      { message: /readonly|read-only|query_only/i },
    );
  });

  test('refuses an operation name the operations module does not export', async (t) => {
    const store = await openStore<Ops>(t, sqlite!, await tempDir(t), TEST_OPS_MODULE);
    const write = store.write as (op: string, args: unknown) => Promise<unknown>;
    await assert.rejects(write('noSuchOp', {}), { message: 'unknown write operation: noSuchOp' });
  });

  test('fails to open when the operations module has no writeOps export', async (t) => {
    const dir = await tempDir(t);
    await assert.rejects(sqlite!.open(dir, new URL('../helpers/store-backends.ts', import.meta.url)), {
      message: /store writer failed to start: .*has no writeOps export/,
    });
  });
});
