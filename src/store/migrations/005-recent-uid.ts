// RFC 3501 §2.3.2 \Recent for IMAP4rev1 clients, kept as Dovecot keeps it: one watermark per mailbox,
// the first UID that no session has been told about yet. A read-write SELECT (and a selected session
// learning of new messages) claims every UID from the watermark up to UIDNEXT and moves the watermark
// there (mail/ops/recent.ts); which session holds which recent message is session memory only.
import type { Migration } from './index.ts';

export const recentUid: Migration = {
  version: 5,
  name: 'recent-uid',
  statements: () => [
    `ALTER TABLE mailboxes ADD COLUMN recent_uid BIGINT NOT NULL DEFAULT 1`,
    // Messages stored before this migration have been seen by whoever was selected: none is recent.
    `UPDATE mailboxes SET recent_uid = uidnext`,
  ],
};
