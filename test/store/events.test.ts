import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeEvent } from '../../src/store/index.ts';
import { openStore, storeBackends, tempDir, TEST_OPS_MODULE } from '../helpers/store-backends.ts';
import type { writeOps } from '../helpers/test-write-ops.ts';

type Ops = typeof writeOps;

for (const backend of storeBackends()) {
  describe(`${backend.name}: change events`, () => {
    test('publishes an operation\'s events after its commit and before its write resolves', async (t) => {
      const dir = await tempDir(t);
      const store = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const seen: Array<{ event: ChangeEvent; visible: Promise<string | undefined> }> = [];
      store.changes.subscribe((event) => {
        // Reading at the moment of the event must already find the committed row.
        const id = event.kind === 'queue-added' ? event.queueId : -1;
        seen.push({ event, visible: store.read(async (tx) => (await tx.get<{ name: string }>('SELECT name FROM domains WHERE id = ?', [id]))?.name) });
      });
      const write = store.write('insertAndEmit', { domain: 'evented.test' });
      let resolvedBeforeEvent = false;
      const id = await write.then((value) => {
        resolvedBeforeEvent = seen.length === 0;
        return value;
      });
      assert.equal(resolvedBeforeEvent, false);
      assert.equal(seen.length, 1);
      assert.deepEqual(seen[0]!.event, { kind: 'queue-added', queueId: id });
      assert.equal(await seen[0]!.visible, 'evented.test');
    });

    test('never publishes the events of an operation that failed', async (t) => {
      const dir = await tempDir(t);
      const store = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const seen: ChangeEvent[] = [];
      store.changes.subscribe((event) => seen.push(event));
      const results = await Promise.allSettled([
        store.write('insertThenRefuse', { domain: 'refused.test' }),
        store.write('insertAndEmit', { domain: 'kept.test' }),
      ]);
      assert.equal(results[0].status, 'rejected');
      assert.equal(results[1].status, 'fulfilled');
      assert.deepEqual(seen, [{ kind: 'queue-added', queueId: results[1].status === 'fulfilled' ? results[1].value : 0 }]);
    });

    test('a listener that throws does not keep the event from other listeners or fail the write', async (t) => {
      const dir = await tempDir(t);
      const store = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      store.changes.subscribe(() => {
        throw new Error('listener bug');
      });
      const seen: ChangeEvent[] = [];
      const unsubscribe = store.changes.subscribe((event) => seen.push(event));
      await store.write('insertAndEmit', { domain: 'a.test' });
      unsubscribe();
      await store.write('insertAndEmit', { domain: 'b.test' });
      assert.equal(seen.length, 1);
    });
  });
}
