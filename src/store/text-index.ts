// The full-text index of message text (IMAP SEARCH BODY/TEXT, RFC 9051 §6.4.4), keyed by message id,
// with the body text and the header text kept apart so BODY searches the body only. Each backend
// supplies its own SQL (SQLite FTS5 now, PostgreSQL tsvector later) through its SqlDialect, so mail/
// maintains and queries the index without naming either.

/** Which text of a message a search looks in. */
export type TextScope = 'body' | 'header';

export interface TextIndexSql {
  /** DDL creating the body-only index (run by migration 002, as released). */
  create: string[];
  /** DDL adding the header text beside the body text, keeping the body text indexed (migration 004). */
  addHeaderColumn: string[];
  /** Adds a message's text; parameters: message id, body text, header text. */
  insert: string;
  /** Removes a message's text; parameter: message id. */
  remove: string;
  /** Selects the id (column `id`) of every indexed message (check-store). */
  indexedIds: string;
  /** A subquery selecting the ids of the messages that match; parameter: `query(words, scope)`. */
  matchingIds: string;
  /**
   * The backend's query for messages whose `scope` text contains the words of `text` in order, the
   * last one as a word prefix; undefined when `text` holds no word (every message matches then).
   */
  query(text: string, scope: TextScope): string | undefined;
}
