// Forwarding (issue 6): an account may forward its mail to other addresses, keeping a copy or not, and
// the server keeps small settings of its own, shared by every node on the database (the generated SRS
// secret, docs/sending.md "Forwarding and SRS").
//
// forward_to: a JSON array of lowercased addresses, '[]' when the account does not forward.
// keep_copy: 0/1, whether a forwarding account's INBOX still gets the message (only read while it forwards).
// settings: one row per name; a value is written once by whichever node needs it first (INSERT … ON
// CONFLICT DO NOTHING) and read by all.
import type { Migration } from './index.ts';

export const forwarding: Migration = {
  version: 9,
  name: 'forwarding',
  statements: () => [
    `ALTER TABLE accounts ADD COLUMN forward_to TEXT NOT NULL DEFAULT '[]'`,
    `ALTER TABLE accounts ADD COLUMN keep_copy INTEGER NOT NULL DEFAULT 1`,
    `CREATE TABLE settings (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`,
  ],
};
