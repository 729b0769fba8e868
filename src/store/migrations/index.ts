// The schema, as numbered migrations run in order at open (inside one write transaction, so a CLI and
// a server opening the same database at once apply each migration exactly once). Migrations are
// portable SQL; the few column types that differ between SQLite and PostgreSQL come from the dialect.
import type { TextIndexSql } from '../text-index.ts';
import { initial } from './001-initial.ts';
import { mailboxSemantics } from './002-mailbox-semantics.ts';
import { messageQuota } from './003-message-quota.ts';
import { headerText } from './004-header-text.ts';
import { recentUid } from './005-recent-uid.ts';
import { dkimKeys } from './006-dkim-keys.ts';
import { senderPolicy } from './007-sender-policy.ts';
import { queueDelivery } from './008-queue-delivery.ts';
import { forwarding } from './009-forwarding.ts';
import { queueSubmitted } from './010-queue-submitted.ts';

/** What differs between backends in DDL; each store implementation supplies its own. */
export interface SqlDialect {
  /** An auto-assigned integer primary key column type, e.g. `INTEGER PRIMARY KEY` in SQLite. */
  autoId: string;
  /** The full-text index of message text (created by migrations 002 and 004, maintained and queried by mail/). */
  textIndex: TextIndexSql;
}

export interface Migration {
  version: number;
  name: string;
  statements(dialect: SqlDialect): string[];
}

/** Ordered by version; a new migration is appended, never edited once released. */
export const MIGRATIONS: readonly Migration[] = [initial, mailboxSemantics, messageQuota, headerText, recentUid, dkimKeys, senderPolicy, queueDelivery, forwarding, queueSubmitted];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length === 0 ? 0 : MIGRATIONS[MIGRATIONS.length - 1]!.version;
