// The store backends the contract tests run against. STORE=sqlite (the default) selects the embedded
// SQLite store; a PostgreSQL backend will be added here and run the same suites (STORE=postgres).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createMailService, type MailService, type MailWriteOps } from '../../src/mail/index.ts';
import { openSqliteStore, type Store, type WriteOps, type WriterStats } from '../../src/store/index.ts';

/** A store as the tests see it; `writerStats` exists where the backend counts its transactions. */
export interface TestStore<Ops extends WriteOps> extends Store<Ops> {
  writerStats?(): WriterStats;
}

export interface StoreBackend {
  name: string;
  open<Ops extends WriteOps>(dir: string, opsModule: URL): Promise<TestStore<Ops>>;
}

export const MAIL_OPS_MODULE = new URL('../../src/mail/write-ops.ts', import.meta.url);
export const TEST_OPS_MODULE = new URL('./test-write-ops.ts', import.meta.url);

const BACKENDS: Record<string, StoreBackend> = {
  sqlite: {
    name: 'sqlite',
    open: (dir, opsModule) => openSqliteStore({ dir, opsModule }),
  },
};

export function storeBackends(): StoreBackend[] {
  const name = process.env.STORE ?? 'sqlite';
  const backend = BACKENDS[name];
  if (!backend) throw new Error(`STORE=${name}: no such test backend (have: ${Object.keys(BACKENDS).join(', ')})`);
  return [backend];
}

/** A fresh instance directory, removed after the test. */
export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a store with `opsModule` in `dir`, closed after the test. */
export async function openStore<Ops extends WriteOps>(t: TestContext, backend: StoreBackend, dir: string, opsModule: URL): Promise<TestStore<Ops>> {
  const store = await backend.open<Ops>(dir, opsModule);
  t.after(() => store.close());
  return store;
}

export interface OpenedMail {
  mail: MailService;
  store: TestStore<MailWriteOps>;
}

/** A MailService over the backend in `dir`, closed after the test (closing twice is harmless). */
export async function openMail(t: TestContext, backend: StoreBackend, dir: string, now?: () => number): Promise<OpenedMail> {
  const store = await openStore<MailWriteOps>(t, backend, dir, MAIL_OPS_MODULE);
  return { mail: createMailService(store, now ? { now } : {}), store };
}
