// The storage contract that mail/ is written against, implemented by SQLite now and PostgreSQL later.
// Reads run closures on a read connection; writes are *named operations* (so they can run inside the
// single writer thread and be group-committed), each in its own SAVEPOINT, returning the change events
// they emitted, which the store publishes after commit.
import type { Readable } from 'node:stream';
import type { SqlDialect } from './migrations/index.ts';

export type { TextScope } from './text-index.ts';

export type SqlValue = null | number | bigint | string | Uint8Array;

export interface RunResult {
  changes: number;
  lastInsertId: number;
}

/** Portable SQL: `?` placeholders, no dialect-specific syntax outside store/. */
export interface SqlTx {
  /** What differs between backends (e.g. the text index's SQL). */
  readonly dialect: SqlDialect;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
}

export interface WriteTx extends SqlTx {
  /** Records a change event; published to subscribers only after the transaction commits. */
  emit(event: ChangeEvent): void;
}

/** A write operation: args and result must be structured-cloneable (they cross a thread boundary). */
export type WriteOp<A = never, R = unknown> = (tx: WriteTx, args: A) => Promise<R>;
export type WriteOps = Record<string, WriteOp>;

/**
 * What committed. One operation's entry changes in one mailbox are one event whose `uids` are
 * inclusive `[low, high]` ranges, ascending (they all share the operation's MODSEQ): a STORE on
 * 100,000 messages publishes one event, not 100,000.
 */
export type ChangeEvent =
  | { kind: 'message-added' | 'flags-changed' | 'message-expunged'; accountId: number; mailboxId: number; uids: ReadonlyArray<readonly [number, number]>; modseq: number }
  | { kind: 'mailbox-created' | 'mailbox-deleted' | 'mailbox-renamed'; accountId: number; mailboxId: number }
  | { kind: 'queue-added'; queueId: number };

export interface ChangeBus {
  subscribe(listener: (event: ChangeEvent) => void): () => void;
}

/** A message body written durably to blobs/ (file fsync'd, renamed, directory fsync'd). */
export interface StoredBlob {
  hash: string;
  size: number;
}

export interface BlobWriter {
  /** Appends bytes; resolves when the file stream accepts more (back-pressure). */
  write(chunk: Buffer): Promise<void>;
  readonly size: number;
  /** fsync → rename into blobs/ab/cd/<sha256> → fsync the directory. */
  commit(): Promise<StoredBlob>;
  /** Removes the temporary file; safe to call more than once and after a failed commit. */
  abort(): Promise<void>;
}

export interface BlobStore {
  createWriter(): BlobWriter;
  /** `range.end` is exclusive: bytes start … end − 1. */
  open(hash: string, range?: { start: number; end?: number }): Readable;
  /** Absolute path of a committed blob. */
  path(hash: string): string;
  exists(hash: string): Promise<boolean>;
  /** Recomputes the SHA-256 of a committed blob (check-store). */
  digest(hash: string): Promise<string>;
  /** Every committed blob with its modification time (check-store's orphan collection). */
  list(): AsyncIterable<{ hash: string; mtimeMs: number }>;
  remove(hash: string): Promise<void>;
  /**
   * check-store's orphan collection: removes the blob unless it was modified at or after `cutoffMs`
   * (ms since epoch). Safe against a writer committing the same hash at that moment (a commit that
   * reuses a blob refreshes its mtime): returns false and keeps the file then.
   */
  removeIfOlder(hash: string, cutoffMs: number): Promise<boolean>;
  /** Temporary files left by a crash, older than the given age in ms (removed at start). */
  cleanTmp(olderThanMs: number): Promise<number>;
}

/** Typed error a write operation throws; crosses the thread boundary with its code intact. */
export class StoreOpError extends Error {
  readonly code: string;
  readonly detail: Record<string, string | number> | undefined;
  constructor(code: string, message: string, detail?: Record<string, string | number>) {
    super(message);
    this.name = 'StoreOpError';
    this.code = code;
    this.detail = detail;
  }
}

export interface Store<Ops extends WriteOps> {
  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  write<K extends keyof Ops & string>(op: K, args: Parameters<Ops[K]>[1]): Promise<Awaited<ReturnType<Ops[K]>>>;
  readonly blobs: BlobStore;
  readonly changes: ChangeBus;
  close(): Promise<void>;
}
