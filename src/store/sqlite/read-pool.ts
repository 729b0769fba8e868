// Read transactions on the calling thread. Each read() runs its closure inside BEGIN … COMMIT on a
// connection of its own, so it sees one consistent snapshot (WAL) while the writer commits. A read
// closure is expected to run SQL only; overlapping reads get more connections, up to a cap.
import type { SqlTx } from '../types.ts';
import { openConnection, SqliteSql } from './connection.ts';

const MAX_READ_CONNECTIONS = 4;

export class ReadPool {
  readonly #path: string;
  readonly #idle: SqliteSql[] = [];
  readonly #waiting: Array<{ resolve: (connection: SqliteSql) => void; reject: (error: Error) => void }> = [];
  #opened = 0;
  #closed = false;

  /** `first` is an already open connection to reuse (the one that ran the migrations). */
  constructor(path: string, first?: SqliteSql) {
    this.#path = path;
    if (first) {
      prepareForReading(first);
      this.#idle.push(first);
      this.#opened = 1;
    }
  }

  async read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    const connection = await this.#acquire();
    try {
      connection.db.exec('BEGIN');
      let result: T;
      try {
        result = await fn(connection);
      } catch (error) {
        connection.db.exec('ROLLBACK');
        throw error;
      }
      connection.db.exec('COMMIT');
      return result;
    } finally {
      this.#release(connection);
    }
  }

  close(): void {
    this.#closed = true;
    for (const connection of this.#idle.splice(0)) connection.close();
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('store is closed'));
  }

  async #acquire(): Promise<SqliteSql> {
    if (this.#closed) throw new Error('store is closed');
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#opened < MAX_READ_CONNECTIONS) {
      const connection = new SqliteSql(openConnection(this.#path));
      prepareForReading(connection);
      this.#opened++;
      return connection;
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #release(connection: SqliteSql): void {
    if (this.#closed) {
      connection.close();
      return;
    }
    const next = this.#waiting.shift();
    if (next) next.resolve(connection);
    else this.#idle.push(connection);
  }
}

/** All writes go through the writer thread; a read connection refuses them outright. */
function prepareForReading(connection: SqliteSql): void {
  connection.db.exec('PRAGMA query_only = ON');
}
