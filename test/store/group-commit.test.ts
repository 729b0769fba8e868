import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addAccounts, deliveryRequest, inbox, storeBlob } from '../helpers/mail-fixtures.ts';
import { openMail, openStore, storeBackends, tempDir, TEST_OPS_MODULE } from '../helpers/store-backends.ts';
import type { writeOps } from '../helpers/test-write-ops.ts';

type Ops = typeof writeOps;

for (const backend of storeBackends()) {
  describe(`${backend.name}: group commit`, () => {
    test('50 concurrent deliveries all commit and share fewer transactions than writes', async (t) => {
      const dir = await tempDir(t);
      const { mail, store } = await openMail(t, backend, dir);
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      const blob = await storeBlob(mail, 'Subject: burst\r\n\r\nbody\r\n');
      const before = store.writerStats?.();

      const results = await Promise.all(Array.from({ length: 50 }, () => mail.deliver(deliveryRequest(blob, [alice!]))));

      assert.deepEqual(
        results.map((r) => r.local[0]?.uid).sort((a, b) => (a ?? 0) - (b ?? 0)),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      assert.equal((await inbox(mail, alice!)).messageCount, 50);
      const after = store.writerStats?.();
      if (before && after) {
        assert.equal(after.operations - before.operations, 50);
        const transactions = after.transactions - before.transactions;
        assert.ok(transactions < 50, `expected batching, got ${transactions} transactions for 50 writes`);
      }
    });

    test('an operation that fails in a batch is rolled back alone and the others commit', async (t) => {
      const dir = await tempDir(t);
      const store = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const settled = await Promise.allSettled([
        store.write('insertAndEmit', { domain: 'one.test' }),
        store.write('insertThenRefuse', { domain: 'refused.test' }),
        store.write('insertAndEmit', { domain: 'two.test' }),
        store.write('insertThenCrash', { domain: 'crashed.test' }),
        store.write('insertAndEmit', { domain: 'three.test' }),
      ]);
      assert.deepEqual(
        settled.map((s) => s.status),
        ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled'],
      );
      const names = await store.read((tx) => tx.all<{ name: string }>('SELECT name FROM domains ORDER BY name'));
      assert.deepEqual(names.map((row) => row.name), ['one.test', 'three.test', 'two.test']);
    });

    test('a StoreOpError crosses the writer thread with its code, message and detail', async (t) => {
      const dir = await tempDir(t);
      const store = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      await assert.rejects(store.write('insertThenRefuse', { domain: 'refused.test' }), {
        name: 'StoreOpError',
        code: 'invalid',
        message: 'refused refused.test',
        detail: { domain: 'refused.test', attempt: 1 },
      });
    });

    test('any other error in an operation arrives as an Error with its message', async (t) => {
      const dir = await tempDir(t);
      const store = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      await assert.rejects(store.write('insertThenCrash', { domain: 'crashed.test' }), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.name, 'Error');
        assert.equal(error.message, 'unexpected failure for crashed.test');
        return true;
      });
    });

    test('a constraint violation fails only its own operation', async (t) => {
      const dir = await tempDir(t);
      const store = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const [first, duplicate, other] = await Promise.allSettled([
        store.write('insertAndEmit', { domain: 'same.test' }),
        store.write('insertAndEmit', { domain: 'same.test' }),
        store.write('insertAndEmit', { domain: 'other.test' }),
      ]);
      assert.equal(first.status, 'fulfilled');
      assert.equal(duplicate.status, 'rejected');
      assert.equal(other.status, 'fulfilled');
    });

    test('close waits for writes still in flight', async (t) => {
      const dir = await tempDir(t);
      const store = await backend.open<Ops>(dir, TEST_OPS_MODULE);
      const writes = Array.from({ length: 10 }, (_, i) => store.write('insertAndEmit', { domain: `d${i}.test` }));
      await store.close();
      assert.equal((await Promise.all(writes)).length, 10);
      await assert.rejects(store.write('insertAndEmit', { domain: 'late.test' }), { message: 'store is closed' });
      const reopened = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const count = await reopened.read((tx) => tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM domains'));
      assert.equal(count?.n, 10);
    });
  });
}
