// The full-text index of message text (IMAP SEARCH BODY/TEXT, RFC 9051 §6.4.4), keyed by message id.
// Each backend supplies its own SQL (SQLite FTS5 now, PostgreSQL tsvector later) through its
// SqlDialect, so mail/ maintains and queries the index without naming either.
export interface TextIndexSql {
  /** DDL creating the index (run by the migration that introduces it). */
  create: string[];
  /** Adds a message's text; parameters: message id, text. */
  insert: string;
  /** Removes a message's text; parameter: message id. */
  remove: string;
  /** Selects the id (column `id`) of every indexed message (check-store). */
  indexedIds: string;
  /** A subquery selecting the ids of the messages that match; parameter: `query(words)`. */
  matchingIds: string;
  /**
   * The backend's query for messages containing the words of `text` in order, the last one as a word
   * prefix; undefined when `text` holds no word (every message matches then).
   */
  query(text: string): string | undefined;
}
