// The store's public surface: the storage contract, the embedded SQLite implementation and the
// filesystem blob store. mail/ and server/ import from here, never from the files behind it.
export * from './types.ts';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite/open.ts';
export type { WriterStats } from './sqlite/writer-client.ts';
export { FsBlobStore, openFsBlobStore, type FsBlobStoreOptions } from './blobs.ts';
export { moduleUrl } from './module-url.ts';
export { LATEST_SCHEMA_VERSION } from './migrations/index.ts';
