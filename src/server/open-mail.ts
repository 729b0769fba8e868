// Wires the embedded store to the mail service: the SQLite store's writer thread loads mail/'s write
// operations module, and MailService runs over that store. The CLI and `serve` both open mail here.
import type { Logger } from '../log/index.ts';
import { createMailService, type MailService, type MailWriteOps } from '../mail/index.ts';
import { moduleUrl, openSqliteStore } from '../store/index.ts';

/**
 * Opens (creating and migrating when needed) the store in `dir`; close() waits for pending writes.
 * `now`: the service's clock (tests of the queue's schedule inject one).
 */
export async function openMailService(dir: string, logger?: Logger, now?: () => number): Promise<MailService> {
  const opsModule = moduleUrl(import.meta.url, '../mail/write-ops');
  const store = await openSqliteStore<MailWriteOps>({ dir, opsModule, logger });
  return createMailService(store, now === undefined ? {} : { now });
}
