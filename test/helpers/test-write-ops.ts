// Write operations for store-level tests: raw SQL (to set up or tamper with rows) and operations that
// fail in the ways real ones can, so the writer's error paths are exercised without mail/ semantics.
import { StoreOpError, type SqlValue, type WriteOps, type WriteTx } from '../../src/store/index.ts';

export const writeOps = {
  /** Runs one statement; returns the number of rows it changed. */
  exec: async (tx: WriteTx, args: { sql: string; params?: SqlValue[] }): Promise<number> => (await tx.run(args.sql, args.params ?? [])).changes,

  /** Inserts a domain row, emits an event, then refuses: nothing of it may survive. */
  insertThenRefuse: async (tx: WriteTx, args: { domain: string }): Promise<never> => {
    await tx.run('INSERT INTO domains (name, created_at) VALUES (?, 0)', [args.domain]);
    tx.emit({ kind: 'queue-added', queueId: -1 });
    throw new StoreOpError('invalid', `refused ${args.domain}`, { domain: args.domain, attempt: 1 });
  },

  /** Inserts a domain row, then fails with an error that is not a StoreOpError. */
  insertThenCrash: async (tx: WriteTx, args: { domain: string }): Promise<never> => {
    await tx.run('INSERT INTO domains (name, created_at) VALUES (?, 0)', [args.domain]);
    throw new TypeError(`unexpected failure for ${args.domain}`);
  },

  /** Inserts a domain row and emits one event naming the row id (as queueId, any kind would do). */
  insertAndEmit: async (tx: WriteTx, args: { domain: string }): Promise<number> => {
    const row = await tx.get<{ id: number }>('INSERT INTO domains (name, created_at) VALUES (?, 0) RETURNING id', [args.domain]);
    if (!row) throw new Error('no row');
    tx.emit({ kind: 'queue-added', queueId: row.id });
    return row.id;
  },

  /**
   * SQLite only: succeeds under its savepoint but leaves a deferred foreign-key violation, so the
   * batch's COMMIT fails (a COMMIT failure without a full disk).
   */
  sqliteFailCommit: async (tx: WriteTx): Promise<string> => {
    await tx.run('PRAGMA defer_foreign_keys = ON');
    await tx.run("INSERT INTO accounts (address, domain_id, password_hash, created_at) VALUES ('orphan@nowhere.test', 999999, 'h', 0)");
    return 'applied';
  },
} satisfies WriteOps;
