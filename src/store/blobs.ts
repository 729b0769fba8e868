// Content-addressed message bodies on the filesystem: DIR/blobs/ab/cd/<sha256>, written through tmp/
// (same filesystem, so the final rename is atomic). A blob is immutable once committed; the database
// counts references to it and check-store collects the ones nothing references.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { FsBlobWriter } from './blob-writer.ts';
import { fsyncDirectory, isErrnoException, isNotFound } from './durable-fs.ts';
import type { BlobStore, BlobWriter } from './types.ts';

const HASH = /^[0-9a-f]{64}$/;
const SHARD = /^[0-9a-f]{2}$/;

export interface FsBlobStoreOptions {
  /** Clock for tmp-file ages (tests inject one). */
  now?: () => number;
}

/** Creates DIR/blobs and DIR/tmp when missing. */
export async function openFsBlobStore(dir: string, options: FsBlobStoreOptions = {}): Promise<FsBlobStore> {
  const store = new FsBlobStore(dir, options);
  await mkdir(store.blobDir, { recursive: true });
  await mkdir(store.tmpDir, { recursive: true });
  return store;
}

export class FsBlobStore implements BlobStore {
  readonly blobDir: string;
  readonly tmpDir: string;
  readonly #now: () => number;

  constructor(dir: string, options: FsBlobStoreOptions = {}) {
    this.blobDir = join(dir, 'blobs');
    this.tmpDir = join(dir, 'tmp');
    this.#now = options.now ?? Date.now;
  }

  createWriter(): BlobWriter {
    return new FsBlobWriter({ tmpDir: this.tmpDir, path: (hash) => this.path(hash) });
  }

  /** `range.end` is exclusive (like Buffer.subarray): bytes start … end − 1. */
  open(hash: string, range?: { start: number; end?: number }): Readable {
    const end = range?.end === undefined ? undefined : range.end - 1;
    return createReadStream(this.path(hash), { start: range?.start ?? 0, end });
  }

  path(hash: string): string {
    // The hash becomes a path: anything but 64 lowercase hex digits could escape blobs/.
    if (!HASH.test(hash)) throw new Error(`not a blob hash: ${JSON.stringify(hash)}`);
    return join(this.blobDir, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  async exists(hash: string): Promise<boolean> {
    try {
      return (await stat(this.path(hash))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async digest(hash: string): Promise<string> {
    const sha = createHash('sha256');
    for await (const chunk of this.open(hash)) sha.update(chunk as Buffer);
    return sha.digest('hex');
  }

  async *list(): AsyncIterable<{ hash: string; mtimeMs: number }> {
    for (const first of await entries(this.blobDir, SHARD)) {
      for (const second of await entries(join(this.blobDir, first), SHARD)) {
        for (const name of await entries(join(this.blobDir, first, second), HASH)) {
          if (!name.startsWith(first + second)) continue;
          try {
            yield { hash: name, mtimeMs: (await stat(join(this.blobDir, first, second, name))).mtimeMs };
          } catch (error) {
            // Removed while we walked (a concurrent check-store): it is no longer there to list.
            if (!isNotFound(error)) throw error;
          }
        }
      }
    }
  }

  async remove(hash: string): Promise<void> {
    try {
      await unlink(this.path(hash));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async removeIfOlder(hash: string, cutoffMs: number): Promise<boolean> {
    const path = this.path(hash);
    // Park the file in tmp/ first: from this rename on, a writer committing the same hash finds no
    // file and puts its own copy in place, so only the parked file's mtime decides.
    const parked = join(this.tmpDir, `collect-${hash}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      await rename(path, parked);
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    if ((await stat(parked)).mtimeMs < cutoffMs) {
      await unlink(parked);
      return true;
    }
    // A writer reused it just before it was parked: put it back, unless that writer already has.
    try {
      await link(parked, path);
    } catch (error) {
      if (!(isErrnoException(error) && error.code === 'EEXIST')) throw error;
    }
    await unlink(parked);
    await fsyncDirectory(dirname(path));
    return false;
  }

  async cleanTmp(olderThanMs: number): Promise<number> {
    const cutoff = this.#now() - olderThanMs;
    let removed = 0;
    for (const name of await entries(this.tmpDir, /\.tmp$/)) {
      const path = join(this.tmpDir, name);
      try {
        if ((await stat(path)).mtimeMs >= cutoff) continue;
        await unlink(path);
        removed++;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return removed;
  }
}

async function entries(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => pattern.test(name)).sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}
