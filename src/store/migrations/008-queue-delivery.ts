// What the outbound queue needs to deliver, retry and report (issue 6): the RFC 3461 parameters a
// relayed recipient came with (NOTIFY, ORCPT per recipient; RET, ENVID per message), whether its delay
// warning went out, whether an administrator asked to bounce it, and one row per delivery attempt with
// the remote reply (`mailstead queue show`). Attempts go with their entry (ON DELETE CASCADE).
import type { Migration } from './index.ts';

export const queueDelivery: Migration = {
  version: 8,
  name: 'queue-delivery',
  statements: ({ autoId }) => [
    // notify: comma-separated RFC 3461 §4.1 keywords, NULL when RCPT had none. orcpt: "type;address".
    `ALTER TABLE queue ADD COLUMN notify TEXT`,
    `ALTER TABLE queue ADD COLUMN orcpt TEXT`,
    // ret: 'FULL' | 'HDRS' | NULL (RFC 3461 §4.3); envid: xtext decoded (§4.4).
    `ALTER TABLE queue ADD COLUMN ret TEXT`,
    `ALTER TABLE queue ADD COLUMN envid TEXT`,
    `ALTER TABLE queue ADD COLUMN delay_warned INTEGER NOT NULL DEFAULT 0`,
    `ALTER TABLE queue ADD COLUMN bounce_requested INTEGER NOT NULL DEFAULT 0`,
    // outcome: 'delivered' | 'deferred' | 'failed'; status: the RFC 3463 code; detail: what the remote
    // server said, or why there was no server to ask; tls: JSON of the connection's TLS, NULL in plain text.
    `CREATE TABLE queue_attempts (
      id ${autoId},
      queue_id BIGINT NOT NULL REFERENCES queue (id) ON DELETE CASCADE,
      attempted_at BIGINT NOT NULL,
      outcome TEXT NOT NULL,
      status TEXT NOT NULL,
      detail TEXT NOT NULL,
      host TEXT,
      tls TEXT
    )`,
    `CREATE INDEX queue_attempts_entry ON queue_attempts (queue_id)`,
  ],
};
