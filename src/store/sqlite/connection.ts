// One node:sqlite connection with the settings every Mailstead connection needs, and the SqlTx
// adapter over it. node:sqlite is synchronous; the adapter only wraps results in Promises so mail/
// code is the same for SQLite and PostgreSQL.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { join } from 'node:path';
import type { SqlDialect } from '../migrations/index.ts';
import type { RunResult, SqlTx, SqlValue } from '../types.ts';
import { SQLITE_DIALECT } from './migrate.ts';

export const DATABASE_FILE = 'mailstead.db';

/** Prepared statements kept per connection; beyond this many distinct SQL texts the cache restarts. */
const STATEMENT_CACHE_LIMIT = 500;

export function databasePath(dir: string): string {
  return join(dir, DATABASE_FILE);
}

export function openConnection(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  // busy_timeout first: switching to WAL and every later write may wait for another process's lock.
  db.exec('PRAGMA busy_timeout = 10000');
  // WAL: readers never block the writer; synchronous=FULL: a COMMIT is on disk when it returns.
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  return db;
}

export class SqliteSql implements SqlTx {
  readonly db: DatabaseSync;
  readonly dialect: SqlDialect = SQLITE_DIALECT;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.#prepare(sql).all(...params) as unknown as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.#prepare(sql).get(...params) as unknown as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    const result = this.#prepare(sql).run(...params);
    return { changes: Number(result.changes), lastInsertId: Number(result.lastInsertRowid) };
  }

  close(): void {
    this.#statements.clear();
    this.db.close();
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= STATEMENT_CACHE_LIMIT) this.#statements.clear();
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
