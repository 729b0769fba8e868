// Applies the schema migrations SQLite has not seen yet. BEGIN IMMEDIATE takes the write lock before
// reading the version, so two processes opening one database at once apply each migration once: the
// second waits (busy_timeout), then finds the version already current.
import type { DatabaseSync } from 'node:sqlite';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type SqlDialect } from '../migrations/index.ts';
import { SQLITE_TEXT_INDEX } from './text-index.ts';

export const SQLITE_DIALECT: SqlDialect = {
  // A rowid alias: SQLite assigns it on insert.
  autoId: 'INTEGER PRIMARY KEY',
  textIndex: SQLITE_TEXT_INDEX,
};

/** Returns the schema version the database is at afterwards. */
export function migrate(db: DatabaseSync, now: number): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null } | undefined;
    const current = row?.version ?? 0;
    if (current > LATEST_SCHEMA_VERSION) {
      throw new Error(`database schema version ${current} is newer than this Mailstead supports (${LATEST_SCHEMA_VERSION})`);
    }
    const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements(SQLITE_DIALECT)) db.exec(statement);
      record.run(migration.version, migration.name, now);
    }
    db.exec('COMMIT');
    return LATEST_SCHEMA_VERSION;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
