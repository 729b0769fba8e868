// The full-text index gets the message's header text beside its body text, in a column of its own, so
// SEARCH TEXT matches both and SEARCH BODY the body only (RFC 9051 §6.4.4). The backend rebuilds its
// index with the body words it already holds; messages stored before this migration have no header
// text indexed.
import type { Migration } from './index.ts';

export const headerText: Migration = {
  version: 4,
  name: 'header-text',
  statements: ({ textIndex }) => textIndex.addHeaderColumn,
};
