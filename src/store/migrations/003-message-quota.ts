// RFC 9208 §5.2 MESSAGE: a per-account limit on the number of messages, beside the storage limit of
// migration 001. accounts.message_count already counts the account's mailbox entries.
import type { Migration } from './index.ts';

export const messageQuota: Migration = {
  version: 3,
  name: 'message-quota',
  statements: () => [
    // NULL = unlimited, as quota_bytes.
    `ALTER TABLE accounts ADD COLUMN quota_messages BIGINT`,
  ],
};
