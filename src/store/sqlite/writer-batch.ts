// One group commit: every queued write operation in one transaction (one WAL fsync), each under its
// own SAVEPOINT so that an operation that throws is rolled back alone and the others still commit.
import type { DatabaseSync } from 'node:sqlite';
import { faultPoint } from '../../util/fault.ts';
import { StoreOpError, type ChangeEvent, type RunResult, type SqlValue, type WriteTx } from '../types.ts';
import type { SqlDialect } from '../migrations/index.ts';
import type { SqliteSql } from './connection.ts';
import { toWireError, type OpReply, type OpRequest } from './writer-protocol.ts';

/** A write operation as the writer calls it: the arguments arrive as cloned data. */
export type LoadedWriteOp = (tx: WriteTx, args: unknown) => Promise<unknown>;

export interface BatchContext {
  sql: SqliteSql;
  ops: ReadonlyMap<string, LoadedWriteOp>;
  /** Reports an unexpected error (its stack) to the main thread's log. */
  logError(error: unknown): void;
}

/** Runs the requests in order and returns one reply per request, in the same order. */
export async function runBatch(context: BatchContext, requests: readonly OpRequest[]): Promise<OpReply[]> {
  const db = context.sql.db;
  try {
    db.exec('BEGIN IMMEDIATE');
    const replies: OpReply[] = [];
    for (const request of requests) replies.push(await runOperation(context, request));
    faultPoint('db-before-commit', requests.map((request) => request.op));
    db.exec('COMMIT');
    return replies;
  } catch (error) {
    // BEGIN, a savepoint rollback or COMMIT failed: nothing of this batch is durable, so every
    // operation in it fails, including those that had succeeded under their savepoints.
    rollback(db);
    context.logError(error);
    const wire = toWireError(error);
    return requests.map((request) => ({ id: request.id, ok: false, error: wire }));
  }
}

async function runOperation(context: BatchContext, request: OpRequest): Promise<OpReply> {
  const db = context.sql.db;
  const op = context.ops.get(request.op);
  if (!op) return { id: request.id, ok: false, error: { kind: 'error', message: `unknown write operation: ${request.op}` } };
  db.exec('SAVEPOINT op');
  const tx = new WriterTx(context.sql);
  try {
    const result = await op(tx, request.args);
    db.exec('RELEASE op');
    return { id: request.id, ok: true, result, events: tx.events };
  } catch (error) {
    // If these throw, the transaction itself is gone: runBatch fails the whole batch.
    db.exec('ROLLBACK TO op');
    db.exec('RELEASE op');
    if (!(error instanceof StoreOpError)) context.logError(error);
    return { id: request.id, ok: false, error: toWireError(error) };
  }
}

function rollback(db: DatabaseSync): void {
  try {
    if (db.isTransaction) db.exec('ROLLBACK');
  } catch {
    // SQLite already rolled the transaction back (e.g. after an I/O error); nothing is left to undo.
  }
}

/** The WriteTx an operation sees: SQL on the writer connection plus the events it emits. */
class WriterTx implements WriteTx {
  readonly events: ChangeEvent[] = [];
  readonly dialect: SqlDialect;
  readonly #sql: SqliteSql;

  constructor(sql: SqliteSql) {
    this.#sql = sql;
    this.dialect = sql.dialect;
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.#sql.all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.#sql.get<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return this.#sql.run(sql, params);
  }

  emit(event: ChangeEvent): void {
    this.events.push(event);
  }
}
