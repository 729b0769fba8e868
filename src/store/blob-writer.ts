// Streams one message body into tmp/, hashing as it goes, and commits it to its content address in
// the order DESIGN.md "Durability order" fixes: fsync the file → rename into blobs/ → fsync the
// directory. Only after commit() resolves may a database row reference the hash.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open, rename, unlink, utimes, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { faultPoint } from '../util/fault.ts';
import { ensureDirectory, fsyncDirectory, isNotFound } from './durable-fs.ts';
import type { BlobWriter, StoredBlob } from './types.ts';

export interface BlobLayout {
  tmpDir: string;
  /** Absolute path of the committed blob `hash`. */
  path(hash: string): string;
}

type WriterState = 'open' | 'committing' | 'committed' | 'aborted';

export class FsBlobWriter implements BlobWriter {
  readonly #layout: BlobLayout;
  readonly #tmpPath: string;
  readonly #hash: Hash = createHash('sha256');
  readonly #handle: Promise<FileHandle>;
  /** Writes are chained so that concurrent write() calls keep their order. */
  #pending: Promise<void> = Promise.resolve();
  #size = 0;
  #state: WriterState = 'open';

  constructor(layout: BlobLayout) {
    this.#layout = layout;
    this.#tmpPath = join(layout.tmpDir, `${randomBytes(12).toString('hex')}.tmp`);
    this.#handle = open(this.#tmpPath, 'wx');
    // A failed open surfaces from write()/commit(); this keeps it from being an unhandled rejection.
    this.#handle.catch(() => undefined);
  }

  get size(): number {
    return this.#size;
  }

  write(chunk: Buffer): Promise<void> {
    if (this.#state !== 'open') return Promise.reject(new Error(`blob writer is ${this.#state}`));
    this.#hash.update(chunk);
    this.#size += chunk.length;
    const written = this.#pending.then(async () => writeFully(await this.#handle, chunk));
    this.#pending = written;
    return written;
  }

  async commit(): Promise<StoredBlob> {
    if (this.#state !== 'open') throw new Error(`blob writer is ${this.#state}`);
    this.#state = 'committing';
    const handle = await this.#handle;
    try {
      await this.#pending;
      faultPoint('blob-written');
      await handle.sync();
    } finally {
      await handle.close();
    }
    const hash = this.#hash.digest('hex');
    const target = this.#layout.path(hash);
    const shardDir = dirname(target);
    await ensureDirectory(dirname(shardDir));
    await ensureDirectory(shardDir);
    if (await refreshMtime(target)) {
      // Same hash, same content: keep the existing file. Its refreshed mtime tells check-store's
      // orphan collection that a delivery is about to reference it.
      await unlink(this.#tmpPath);
    } else {
      await rename(this.#tmpPath, target);
    }
    // Also when the file already existed: its rename by another writer may not be durable yet.
    await fsyncDirectory(shardDir);
    this.#state = 'committed';
    faultPoint('blob-committed');
    return { hash, size: this.#size };
  }

  async abort(): Promise<void> {
    if (this.#state === 'committed' || this.#state === 'aborted') return;
    this.#state = 'aborted';
    await this.#pending.catch(() => undefined);
    try {
      await (await this.#handle).close();
    } catch {
      // Not opened, or already closed by a failed commit: either way nothing is left to close.
    }
    try {
      await unlink(this.#tmpPath);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

async function writeFully(handle: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset, null);
    offset += bytesWritten;
  }
}

/** False when there is no such file (then this writer's copy takes its place). */
async function refreshMtime(path: string): Promise<boolean> {
  const now = new Date();
  try {
    await utimes(path, now, now);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
