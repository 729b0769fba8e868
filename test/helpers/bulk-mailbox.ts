// Test-only bulk path: fills one mailbox with `count` entries of one stored message in a few SQL
// statements (every third one unseen), for the 100,000-message tests of mail/ and imap/. Deliveries
// one by one would take minutes; what the entries hold is what a delivery would store, except the
// summary, which is empty (those tests fetch UIDs and flags, never ENVELOPE or BODYSTRUCTURE).
import type { TestContext } from 'node:test';
import type { MailService } from '../../src/mail/index.ts';
import { storeBlob } from './mail-fixtures.ts';
import { openStore, type StoreBackend, TEST_OPS_MODULE } from './store-backends.ts';
import type { writeOps } from './test-write-ops.ts';

export interface BulkMailbox {
  readonly accountId: number;
  readonly mailboxId: number;
  readonly count: number;
  /** Octets per entry, as RFC822.SIZE reports it. */
  readonly size: number;
}

/** Entries with UID i (1…count) are unseen when i % 3 = 0, so count/3 (rounded down) are unseen. */
export async function fillMailbox(t: TestContext, backend: StoreBackend, dir: string, mail: MailService, target: BulkMailbox): Promise<void> {
  const { accountId, mailboxId, count, size } = target;
  const blob = await storeBlob(mail, 'Subject: bulk\r\n\r\nbody\r\n');
  const raw = await openStore<typeof writeOps>(t, backend, dir, TEST_OPS_MODULE);
  await raw.write('exec', {
    sql: `INSERT INTO messages (blob_hash, size, summary, received_at, sender, refcount) VALUES (?, ?, '{}', 0, '', ?)`,
    params: [blob.hash, blob.size, count],
  });
  await raw.write('exec', {
    sql: `WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
          INSERT INTO mailbox_messages (mailbox_id, uid, message_id, modseq, system_flags, keywords, internal_date, prefix, size)
          SELECT ?, i, (SELECT max(id) FROM messages), 2, CASE WHEN i % 3 = 0 THEN 0 ELSE 1 END, '', i, '', ? FROM n`,
    params: [count, mailboxId, size],
  });
  await raw.write('exec', { sql: 'UPDATE mailboxes SET uidnext = ?, highest_modseq = 2, message_count = ? WHERE id = ?', params: [count + 1, count, mailboxId] });
  await raw.write('exec', { sql: 'UPDATE accounts SET used_bytes = ?, message_count = ? WHERE id = ?', params: [count * size, count, accountId] });
}
