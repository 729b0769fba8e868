// SQLite's text index: a contentless FTS5 table (the text itself is not stored again, only its index;
// contentless_delete lets an expunge remove a message's row). Words are unicode61 tokens with
// diacritics folded, so a search matches words and word prefixes case- and accent-insensitively, as
// Dovecot's FTS plugins do, rather than arbitrary substrings inside words.
import type { TextIndexSql } from '../text-index.ts';

export const SQLITE_TEXT_INDEX: TextIndexSql = {
  create: [
    `CREATE VIRTUAL TABLE message_text USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2')`,
  ],
  insert: 'INSERT INTO message_text (rowid, body) VALUES (?, ?)',
  remove: 'DELETE FROM message_text WHERE rowid = ?',
  indexedIds: 'SELECT rowid AS id FROM message_text',
  matchingIds: 'SELECT rowid FROM message_text WHERE message_text MATCH ?',
  query(text) {
    // Tokens as unicode61 sees them (letters, digits, marks); FTS5 syntax characters never reach MATCH.
    const words = text.match(/[\p{L}\p{N}\p{M}]+/gu);
    if (!words) return undefined;
    return `"${words.join(' ')}" *`;
  },
};
