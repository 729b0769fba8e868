// SEARCH over indexed columns and the text index (RFC 9051 §6.4.4): a SearchKey tree becomes one
// WHERE clause over mailbox_messages, so a search is a single query. UNSEEN and DELETED alone use
// the partial indexes of migration 002; UID ranges the primary key. UIDs are validated integers and
// inlined (no parameter limit for long sets); OR trees are built balanced to stay within the
// backend's expression depth limit.
import { StoreOpError, type SqlTx, type SqlValue } from '../../store/types.ts';
import { keywordPattern, toStoredFlags } from '../flags.ts';
import type { SearchKey } from '../message-types.ts';
import { normaliseUidSet } from './uid-set.ts';

interface Clause {
  sql: string;
  params: SqlValue[];
}

const TRUE: Clause = { sql: '1 = 1', params: [] };
const FALSE: Clause = { sql: '1 = 0', params: [] };

/** UIDs of the mailbox's messages matching `key`, ascending. */
export async function searchUids(tx: SqlTx, mailboxId: number, key: SearchKey): Promise<number[]> {
  const clause = compile(tx, key);
  const rows = await tx.all<{ uid: number }>(`SELECT mm.uid FROM mailbox_messages mm WHERE mm.mailbox_id = ? AND ${clause.sql} ORDER BY mm.uid`, [
    mailboxId,
    ...clause.params,
  ]);
  return rows.map((row) => row.uid);
}

function compile(tx: SqlTx, key: SearchKey): Clause {
  switch (key.kind) {
    case 'all':
      return TRUE;
    case 'uid':
      return anyOf(normaliseUidSet(key.uids).map(([low, high]) => ({ sql: low === high ? `mm.uid = ${low}` : `mm.uid BETWEEN ${low} AND ${high}`, params: [] })));
    case 'flag':
      return flag(key.flag, key.set);
    case 'larger':
      return { sql: 'mm.size > ?', params: [requireNumber(key.bytes)] };
    case 'smaller':
      return { sql: 'mm.size < ?', params: [requireNumber(key.bytes)] };
    case 'internal-date':
      return allOf([
        ...(key.since === undefined ? [] : [{ sql: 'mm.internal_date >= ?', params: [requireNumber(key.since)] }]),
        ...(key.before === undefined ? [] : [{ sql: 'mm.internal_date < ?', params: [requireNumber(key.before)] }]),
      ]);
    case 'modseq':
      return { sql: 'mm.modseq >= ?', params: [requireNumber(key.atLeast)] };
    case 'text': {
      const query = tx.dialect.textIndex.query(key.value, key.scope);
      // RFC 9051 §6.4.4: the empty string is a substring of every message.
      if (query === undefined) return TRUE;
      return { sql: `mm.message_id IN (${tx.dialect.textIndex.matchingIds})`, params: [query] };
    }
    case 'not': {
      const inner = compile(tx, key.key);
      return { sql: `NOT (${inner.sql})`, params: inner.params };
    }
    case 'and':
      return allOf(key.keys.map((inner) => compile(tx, inner)));
    case 'or':
      return anyOf(key.keys.map((inner) => compile(tx, inner)));
  }
}

function flag(name: string, set: boolean): Clause {
  if (name.startsWith('\\')) {
    // \Recent is session state (RFC 3501 §2.3.2): the IMAP layer answers RECENT/NEW/OLD itself.
    const { system } = toStoredFlags([name]);
    if (system === 0) throw new StoreOpError('invalid', `cannot search the flag ${name}`, { flag: name });
    return { sql: set ? `(mm.system_flags & ${system}) <> 0` : `(mm.system_flags & ${system}) = 0`, params: [] };
  }
  // A keyword that is not a valid atom is on no message (RFC 9051 §6.4.4 KEYWORD).
  let keywords: string;
  try {
    keywords = toStoredFlags([name]).keywords;
  } catch {
    return set ? FALSE : TRUE;
  }
  const sql = "LOWER(mm.keywords) LIKE ? ESCAPE '\\'";
  return { sql: set ? sql : `NOT (${sql})`, params: [keywordPattern(keywords.trim())] };
}

function requireNumber(value: number): number {
  if (!Number.isFinite(value)) throw new StoreOpError('invalid', `not a number in a search key: ${String(value)}`);
  return value;
}

function allOf(clauses: readonly Clause[]): Clause {
  if (clauses.length === 0) return TRUE;
  return { sql: `(${clauses.map((clause) => clause.sql).join(' AND ')})`, params: clauses.flatMap((clause) => clause.params) };
}

/** Balanced: depth grows with log2 of the number of alternatives. */
function anyOf(clauses: readonly Clause[]): Clause {
  if (clauses.length === 0) return FALSE;
  if (clauses.length === 1) return clauses[0]!;
  const middle = clauses.length >> 1;
  const left = anyOf(clauses.slice(0, middle));
  const right = anyOf(clauses.slice(middle));
  return { sql: `(${left.sql} OR ${right.sql})`, params: [...left.params, ...right.params] };
}
