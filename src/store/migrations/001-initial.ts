// The first schema: domains, accounts, aliases, mailboxes, messages and their mailbox entries, the
// per-mailbox change log, and the outbound queue.
//
// Conventions: times are ms since the epoch (BIGINT); booleans are INTEGER 0/1; ids and references to
// them are BIGINT (the dialect's autoId is a 64-bit key); UIDs, UIDVALIDITY and MODSEQs are BIGINT
// because RFC 3501 §2.3.1.1 UIDs are unsigned 32-bit and RFC 7162 §3.1.1 MODSEQs unsigned 63-bit,
// beyond PostgreSQL's INTEGER. Addresses and domain names are stored lowercased.
import type { Migration } from './index.ts';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  statements: ({ autoId }) => [
    // alias_of: a domain alias (mail for user@alias goes to user@target); at most one level.
    `CREATE TABLE domains (
      id ${autoId},
      name TEXT NOT NULL UNIQUE,
      alias_of BIGINT REFERENCES domains (id),
      created_at BIGINT NOT NULL
    )`,
    // quota_bytes NULL = unlimited. used_bytes and message_count are the sums over the account's
    // mailbox entries, kept in step by every write so the quota check reads one row.
    `CREATE TABLE accounts (
      id ${autoId},
      address TEXT NOT NULL UNIQUE,
      domain_id BIGINT NOT NULL REFERENCES domains (id),
      password_hash TEXT NOT NULL,
      quota_bytes BIGINT,
      used_bytes BIGINT NOT NULL DEFAULT 0,
      message_count BIGINT NOT NULL DEFAULT 0,
      is_admin INTEGER NOT NULL DEFAULT 0,
      created_at BIGINT NOT NULL
    )`,
    `CREATE INDEX accounts_domain ON accounts (domain_id)`,
    // address '@domain' is the domain's catch-all.
    `CREATE TABLE aliases (
      id ${autoId},
      address TEXT NOT NULL UNIQUE,
      domain_id BIGINT NOT NULL REFERENCES domains (id),
      created_at BIGINT NOT NULL
    )`,
    `CREATE INDEX aliases_domain ON aliases (domain_id)`,
    // position keeps the targets in the order they were added.
    `CREATE TABLE alias_targets (
      alias_id BIGINT NOT NULL REFERENCES aliases (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      target TEXT NOT NULL,
      PRIMARY KEY (alias_id, target)
    )`,
    // uidnext and highest_modseq are allocated under this row's lock (RFC 3501 §2.3.1.1, RFC 7162 §3.1).
    `CREATE TABLE mailboxes (
      id ${autoId},
      account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      special_use TEXT,
      uidvalidity BIGINT NOT NULL,
      uidnext BIGINT NOT NULL,
      highest_modseq BIGINT NOT NULL,
      message_count BIGINT NOT NULL DEFAULT 0,
      subscribed INTEGER NOT NULL DEFAULT 1,
      UNIQUE (account_id, name)
    )`,
    // One row per stored body; refcount = its mailbox entries + its queue entries.
    `CREATE TABLE messages (
      id ${autoId},
      blob_hash TEXT NOT NULL,
      size BIGINT NOT NULL,
      summary TEXT NOT NULL,
      received_at BIGINT NOT NULL,
      sender TEXT NOT NULL,
      refcount INTEGER NOT NULL
    )`,
    `CREATE INDEX messages_blob ON messages (blob_hash)`,
    // flags: JSON array of flag names. prefix: per-recipient header lines served before the blob;
    // size = blob size + prefix bytes (RFC822.SIZE, POP3 LIST).
    `CREATE TABLE mailbox_messages (
      mailbox_id BIGINT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
      uid BIGINT NOT NULL,
      message_id BIGINT NOT NULL REFERENCES messages (id),
      modseq BIGINT NOT NULL,
      flags TEXT NOT NULL,
      internal_date BIGINT NOT NULL,
      prefix TEXT NOT NULL,
      size BIGINT NOT NULL,
      PRIMARY KEY (mailbox_id, uid)
    )`,
    `CREATE INDEX mailbox_messages_modseq ON mailbox_messages (mailbox_id, modseq)`,
    `CREATE INDEX mailbox_messages_message ON mailbox_messages (message_id)`,
    // The change log sessions replay after their last seen MODSEQ (IDLE, CONDSTORE, QRESYNC).
    `CREATE TABLE changes (
      mailbox_id BIGINT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
      modseq BIGINT NOT NULL,
      kind TEXT NOT NULL,
      uid BIGINT NOT NULL,
      PRIMARY KEY (mailbox_id, modseq)
    )`,
    // One row per remote recipient; status: queued | delivering | delivered | failed.
    `CREATE TABLE queue (
      id ${autoId},
      message_id BIGINT NOT NULL REFERENCES messages (id),
      sender TEXT NOT NULL,
      recipient TEXT NOT NULL,
      status TEXT NOT NULL,
      next_attempt_at BIGINT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_reply TEXT,
      lease_owner TEXT,
      lease_until BIGINT,
      created_at BIGINT NOT NULL
    )`,
    `CREATE INDEX queue_due ON queue (status, next_attempt_at)`,
    `CREATE INDEX queue_message ON queue (message_id)`,
  ],
};
