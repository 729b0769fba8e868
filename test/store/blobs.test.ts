import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { openStore, storeBackends, tempDir, TEST_OPS_MODULE } from '../helpers/store-backends.ts';
import type { writeOps } from '../helpers/test-write-ops.ts';

type Ops = typeof writeOps;

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

async function listAll(iterable: AsyncIterable<{ hash: string }>): Promise<string[]> {
  const hashes: string[] = [];
  for await (const blob of iterable) hashes.push(blob.hash);
  return hashes;
}

for (const backend of storeBackends()) {
  describe(`${backend.name}: blob store`, () => {
    test('commit puts the bytes at blobs/ab/cd/<sha256> and leaves tmp/ empty', async (t) => {
      const dir = await tempDir(t);
      const { blobs } = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const writer = blobs.createWriter();
      await writer.write(Buffer.from('Subject: one\r\n'));
      await writer.write(Buffer.from('\r\nbody\r\n'));
      assert.equal(writer.size, 22);
      const stored = await writer.commit();
      const hash = sha256('Subject: one\r\n\r\nbody\r\n');
      assert.deepEqual(stored, { hash, size: 22 });
      assert.equal(blobs.path(hash), join(dir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash));
      assert.equal(await readFile(blobs.path(hash), 'utf8'), 'Subject: one\r\n\r\nbody\r\n');
      assert.equal(await blobs.digest(hash), hash);
      assert.deepEqual(await readdir(join(dir, 'tmp')), []);
    });

    test('an empty body commits as the blob of zero bytes', async (t) => {
      const dir = await tempDir(t);
      const { blobs } = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      assert.deepEqual(await blobs.createWriter().commit(), { hash: sha256(''), size: 0 });
      assert.equal(await blobs.exists(sha256('')), true);
    });

    test('abort leaves nothing in tmp/ and can be called twice', async (t) => {
      const dir = await tempDir(t);
      const { blobs } = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const writer = blobs.createWriter();
      await writer.write(Buffer.from('half a message'));
      await writer.abort();
      await writer.abort();
      assert.deepEqual(await readdir(join(dir, 'tmp')), []);
      assert.deepEqual(await listAll(blobs.list()), []);
      await assert.rejects(writer.write(Buffer.from('more')), { message: 'blob writer is aborted' });
    });

    test('identical content committed twice shares one file', async (t) => {
      const dir = await tempDir(t);
      const { blobs } = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const commit = async () => {
        const writer = blobs.createWriter();
        await writer.write(Buffer.from('same content'));
        return writer.commit();
      };
      const [a, b] = await Promise.all([commit(), commit()]);
      assert.deepEqual(a, b);
      assert.deepEqual(await listAll(blobs.list()), [sha256('same content')]);
      assert.deepEqual(await readdir(join(dir, 'tmp')), []);
    });

    test('committing content that already exists refreshes the file\'s mtime', async (t) => {
      const dir = await tempDir(t);
      const { blobs } = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const writer = blobs.createWriter();
      await writer.write(Buffer.from('reused'));
      const { hash } = await writer.commit();
      const old = new Date(Date.now() - 86_400_000);
      await utimes(blobs.path(hash), old, old);
      const again = blobs.createWriter();
      await again.write(Buffer.from('reused'));
      await again.commit();
      assert.equal(await blobs.removeIfOlder(hash, Date.now() - 3_600_000), false);
      assert.equal(await blobs.exists(hash), true);
    });

    test('removeIfOlder removes a blob last modified before the cutoff', async (t) => {
      const dir = await tempDir(t);
      const { blobs } = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const writer = blobs.createWriter();
      await writer.write(Buffer.from('orphan'));
      const { hash } = await writer.commit();
      const old = new Date(Date.now() - 86_400_000);
      await utimes(blobs.path(hash), old, old);
      assert.equal(await blobs.removeIfOlder(hash, Date.now() - 3_600_000), true);
      assert.equal(await blobs.exists(hash), false);
      assert.equal(await blobs.removeIfOlder(hash, Date.now()), false);
      assert.deepEqual(await readdir(join(dir, 'tmp')), []);
    });

    test('open reads a byte range whose end is exclusive', async (t) => {
      const dir = await tempDir(t);
      const { blobs } = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      const writer = blobs.createWriter();
      await writer.write(Buffer.from('0123456789'));
      const { hash } = await writer.commit();
      assert.equal(await text(blobs.open(hash, { start: 2, end: 5 })), '234');
      assert.equal(await text(blobs.open(hash, { start: 7 })), '789');
      assert.equal(await text(blobs.open(hash)), '0123456789');
    });

    test('path refuses anything but a lowercase sha256 hex digest', async (t) => {
      const dir = await tempDir(t);
      const { blobs } = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      assert.throws(() => blobs.path('../../etc/passwd'), /not a blob hash/);
      assert.throws(() => blobs.path('A'.repeat(64)), /not a blob hash/);
    });

    test('cleanTmp removes only temporary files older than the given age', async (t) => {
      const dir = await tempDir(t);
      const { blobs } = await openStore<Ops>(t, backend, dir, TEST_OPS_MODULE);
      await writeFile(join(dir, 'tmp', 'stale.tmp'), 'left by a crash');
      const old = new Date(Date.now() - 7_200_000);
      await utimes(join(dir, 'tmp', 'stale.tmp'), old, old);
      const live = blobs.createWriter();
      await live.write(Buffer.from('still streaming'));
      assert.equal(await blobs.cleanTmp(3_600_000), 1);
      const left = await readdir(join(dir, 'tmp'));
      assert.equal(left.length, 1);
      assert.notEqual(left[0], 'stale.tmp');
      await live.abort();
    });
  });
}
