// The embedded store: one SQLite database (DIR/mailstead.db) and the blob directory beside it.
// Reads run on the calling thread (read pool); writes are named operations executed by the single
// writer thread and group-committed; their events are published after COMMIT.
import { mkdir } from 'node:fs/promises';
import type { Logger } from '../../log/index.ts';
import { openFsBlobStore } from '../blobs.ts';
import { LocalChangeBus } from '../change-bus.ts';
import type { Store, WriteOps } from '../types.ts';
import { databasePath, openConnection, SqliteSql } from './connection.ts';
import { migrate } from './migrate.ts';
import { ReadPool } from './read-pool.ts';
import { WriterClient, type WriterStats } from './writer-client.ts';

export interface SqliteStoreOptions {
  /** The instance directory. */
  dir: string;
  /** Module exporting `writeOps`, loaded by the writer thread (e.g. mail/write-ops). */
  opsModule: URL;
  logger?: Logger;
}

export interface SqliteStore<Ops extends WriteOps> extends Store<Ops> {
  /** Transactions and operations the writer has committed so far (group-commit diagnostics). */
  writerStats(): WriterStats;
}

export async function openSqliteStore<Ops extends WriteOps>(options: SqliteStoreOptions): Promise<SqliteStore<Ops>> {
  const { dir, logger } = options;
  await mkdir(dir, { recursive: true });
  const path = databasePath(dir);
  const first = new SqliteSql(openConnection(path));
  try {
    migrate(first.db, Date.now());
  } catch (error) {
    first.close();
    throw error;
  }
  const reads = new ReadPool(path, first);
  const changes = new LocalChangeBus((error) => logger?.error({ err: error }, 'change listener failed'));
  let writer: WriterClient;
  try {
    const blobs = await openFsBlobStore(dir);
    writer = await WriterClient.start({ databasePath: path, opsModule: options.opsModule.href }, logger, (event) => changes.publish(event));
    return {
      blobs,
      changes,
      read: (fn) => reads.read(fn),
      write: (op, args) => writer.submit(op, args) as Promise<Awaited<ReturnType<Ops[typeof op]>>>,
      writerStats: () => writer.stats,
      close: async () => {
        await writer.close();
        reads.close();
      },
    };
  } catch (error) {
    reads.close();
    throw error;
  }
}
