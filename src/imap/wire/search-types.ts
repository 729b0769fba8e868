// SEARCH criteria as a tree (RFC 9051 §6.4.4, RFC 3501 §6.4.4). The parser folds synonyms so the
// search engine handles fewer shapes: ANSWERED/UNANSWERED… become `flag`, BCC/CC/FROM/SUBJECT/TO
// become `header`, NEW is RECENT UNSEEN and OLD is NOT RECENT (RFC 3501 §6.4.4), and a space-separated
// list of keys is `and`.

import type { CalendarDate } from './dates.ts';
import type { SequenceSet } from './sequence-set.ts';

export type DateComparison = 'before' | 'on' | 'since';

export type SearchKey =
  | { readonly kind: 'all' }
  | { readonly kind: 'and'; readonly keys: readonly SearchKey[] }
  | { readonly kind: 'or'; readonly left: SearchKey; readonly right: SearchKey }
  | { readonly kind: 'not'; readonly key: SearchKey }
  /** A system flag (`\Seen`) or keyword; `present: false` for UNSEEN, UNKEYWORD … */
  | { readonly kind: 'flag'; readonly flag: string; readonly present: boolean }
  | { readonly kind: 'recent' }
  /** Field name upper-cased; an empty value matches every message that has the field (RFC 9051 §6.4.4). */
  | { readonly kind: 'header'; readonly field: string; readonly value: string }
  | { readonly kind: 'body' | 'text'; readonly value: string }
  | { readonly kind: 'internal-date' | 'sent-date'; readonly comparison: DateComparison; readonly date: CalendarDate }
  | { readonly kind: 'larger' | 'smaller'; readonly size: number }
  | { readonly kind: 'sequence' | 'uid'; readonly set: SequenceSet }
  /** CONDSTORE (RFC 7162 §3.1.5); the optional entry names a flag's metadata item. */
  | { readonly kind: 'modseq'; readonly modseq: number; readonly entry: { readonly name: string; readonly type: 'priv' | 'shared' | 'all' } | null }
  /** OBJECTID (RFC 8474 §6). */
  | { readonly kind: 'emailid' | 'threadid'; readonly id: string };
