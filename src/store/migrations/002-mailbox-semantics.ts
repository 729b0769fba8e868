// Mailbox semantics for IMAP and POP3: index-friendly flags, a change log that several messages can
// share a MODSEQ in and that can be trimmed, subscriptions independent of mailboxes, UIDVALIDITY that
// never repeats within an account, and the full-text index of message text.
import type { Migration } from './index.ts';

export const mailboxSemantics: Migration = {
  version: 2,
  name: 'mailbox-semantics',
  statements: ({ textIndex }) => [
    // Flags: system flags as a bit set (\Seen 1, \Answered 2, \Flagged 4, \Deleted 8, \Draft 16, see
    // mail/flags.ts) so UNSEEN and \Deleted are answered from partial indexes; keywords as a
    // space-separated, space-enclosed list (" $Forwarded Work "), since an atom never holds a space
    // (RFC 9051 §9 flag-keyword). No operation before this migration set flags: every entry had '[]'.
    `ALTER TABLE mailbox_messages ADD COLUMN system_flags INTEGER NOT NULL DEFAULT 0`,
    `ALTER TABLE mailbox_messages ADD COLUMN keywords TEXT NOT NULL DEFAULT ''`,
    `ALTER TABLE mailbox_messages DROP COLUMN flags`,
    `CREATE INDEX mailbox_messages_unseen ON mailbox_messages (mailbox_id, uid) WHERE (system_flags & 1) = 0`,
    `CREATE INDEX mailbox_messages_deleted ON mailbox_messages (mailbox_id, uid) WHERE (system_flags & 8) <> 0`,
    // One operation gives all the messages it changes one MODSEQ (RFC 7162 §3.1 lets them share one),
    // so the log is keyed by (mailbox, modseq, uid). changed_at drives the retention rule: rows older
    // than the retention period are trimmed and mailboxes.changes_floor remembers the highest trimmed
    // MODSEQ (a QRESYNC/CONDSTORE resync from below it must fall back to a full one).
    `CREATE TABLE mailbox_changes (
      mailbox_id BIGINT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
      modseq BIGINT NOT NULL,
      uid BIGINT NOT NULL,
      kind TEXT NOT NULL,
      changed_at BIGINT NOT NULL,
      PRIMARY KEY (mailbox_id, modseq, uid)
    )`,
    `INSERT INTO mailbox_changes (mailbox_id, modseq, uid, kind, changed_at) SELECT mailbox_id, modseq, uid, kind, 0 FROM changes`,
    `DROP TABLE changes`,
    `ALTER TABLE mailbox_changes RENAME TO changes`,
    `CREATE INDEX changes_age ON changes (changed_at)`,
    `ALTER TABLE mailboxes ADD COLUMN changes_floor BIGINT NOT NULL DEFAULT 0`,
    // RFC 9051 §6.3.9: a subscription may name a mailbox that does not exist (any more).
    `CREATE TABLE subscriptions (
      account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      PRIMARY KEY (account_id, name)
    )`,
    `INSERT INTO subscriptions (account_id, name) SELECT account_id, name FROM mailboxes WHERE subscribed = 1`,
    `ALTER TABLE mailboxes DROP COLUMN subscribed`,
    // RFC 9051 §2.3.1.1: a name reused for a new mailbox needs a new UIDVALIDITY; each account hands
    // out strictly increasing ones, so even a mailbox deleted and recreated within a second differs.
    `ALTER TABLE accounts ADD COLUMN last_uidvalidity BIGINT NOT NULL DEFAULT 0`,
    `UPDATE accounts SET last_uidvalidity = COALESCE((SELECT MAX(uidvalidity) FROM mailboxes WHERE account_id = accounts.id), 0)`,
    ...textIndex.create,
  ],
};
