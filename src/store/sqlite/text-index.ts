// SQLite's text index: a contentless FTS5 table (the text itself is not stored again, only its index;
// contentless_delete lets an expunge remove a message's row) with two columns, body and header, so a
// column filter keeps SEARCH BODY to the body. Words are unicode61 tokens with diacritics folded, so a
// search matches words and word prefixes case- and accent-insensitively, as Dovecot's FTS plugins do,
// rather than arbitrary substrings inside words.
import type { TextIndexSql } from '../text-index.ts';

const TOKENIZE = `tokenize = 'unicode61 remove_diacritics 2'`;

export const SQLITE_TEXT_INDEX: TextIndexSql = {
  create: [`CREATE VIRTUAL TABLE message_text USING fts5 (body, content = '', contentless_delete = 1, ${TOKENIZE})`],
  // A contentless table cannot give its text back, but its index holds every token with its position
  // (fts5vocab 'instance', detail=full): the tokens joined by spaces in position order re-tokenize to
  // the same tokens at the same positions, so phrase searches of the body keep working. A message
  // whose body had no token keeps an (empty) row, so check-store still finds it indexed.
  addHeaderColumn: [
    `CREATE VIRTUAL TABLE message_text_v4 USING fts5 (body, header, content = '', contentless_delete = 1, ${TOKENIZE})`,
    `CREATE VIRTUAL TABLE temp.message_text_tokens USING fts5vocab (main, message_text, 'instance')`,
    `INSERT INTO message_text_v4 (rowid, body, header)
       SELECT t.rowid, COALESCE(w.words, ''), ''
         FROM message_text t
         LEFT JOIN (SELECT doc, group_concat(term, ' ' ORDER BY "offset") AS words FROM temp.message_text_tokens GROUP BY doc) w
           ON w.doc = t.rowid`,
    `DROP TABLE temp.message_text_tokens`,
    `DROP TABLE message_text`,
    `ALTER TABLE message_text_v4 RENAME TO message_text`,
  ],
  insert: 'INSERT INTO message_text (rowid, body, header) VALUES (?, ?, ?)',
  remove: 'DELETE FROM message_text WHERE rowid = ?',
  indexedIds: 'SELECT rowid AS id FROM message_text',
  matchingIds: 'SELECT rowid FROM message_text WHERE message_text MATCH ?',
  query(text, scope) {
    // Tokens as unicode61 sees them (letters, digits, marks); FTS5 syntax characters never reach MATCH.
    const words = text.match(/[\p{L}\p{N}\p{M}]+/gu);
    if (!words) return undefined;
    return `{${scope}} : "${words.join(' ')}" *`;
  },
};
