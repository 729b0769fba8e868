// A wire SEARCH key (src/imap/wire/search-types.ts) as a plan: every subtree the store can answer from
// its columns and text index becomes one store SearchKey (src/mail/message-types.ts); the rest are
// in-memory tests on the stored summary, combined with the store parts through AND/OR/NOT.
import type { SearchKey as StoreKey } from '../../mail/index.ts';
import type { MailboxView } from '../mailbox-view.ts';
import type { CalendarDate, SearchKey } from '../wire/index.ts';
import { emailId } from '../fetch/render.ts';
import { headerValues } from '../fetch/header-fields.ts';
import { decodeEncodedWords } from '../../mime/index.ts';
import { toUidSet } from '../uid-ranges.ts';
import type { MessageData } from './message-data.ts';
import { compareDay, envelopeFieldTexts, fieldMatches, isEnvelopeField, sentDay } from './message-match.ts';

const DAY_MS = 86_400_000;

/** An in-memory test; `header` is given only when `needsHeader`. */
export interface MemoryTest {
  readonly needsHeader: boolean;
  test(data: MessageData, header: Buffer | null): boolean;
}

export type SearchPlan =
  | { readonly kind: 'store'; readonly key: StoreKey }
  | { readonly kind: 'memory'; readonly test: MemoryTest }
  | { readonly kind: 'and' | 'or'; readonly plans: readonly SearchPlan[] }
  | { readonly kind: 'not'; readonly plan: SearchPlan };

/** A message matches nothing. */
const NOTHING: StoreKey = { kind: 'or', keys: [] };

function dayStart(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}

/** INTERNALDATE compared by its UTC day, the zone INTERNALDATE is shown in (RFC 9051 §6.4.4). */
function internalDateKey(comparison: 'before' | 'on' | 'since', date: CalendarDate): StoreKey {
  const start = dayStart(date);
  if (comparison === 'before') return { kind: 'internal-date', before: start };
  if (comparison === 'since') return { kind: 'internal-date', since: start };
  return { kind: 'internal-date', since: start, before: start + DAY_MS };
}

function memory(needsHeader: boolean, test: MemoryTest['test']): SearchPlan {
  return { kind: 'memory', test: { needsHeader, test } };
}

function headerTest(field: string, value: string): SearchPlan {
  if (isEnvelopeField(field)) return memory(false, (data) => fieldMatches(envelopeFieldTexts(data.summary.envelope, field), value));
  return memory(true, (_data, header) => {
    const values = headerValues(header ?? Buffer.alloc(0), field);
    return fieldMatches(values.length === 0 ? null : values.map(decodeEncodedWords), value);
  });
}

function combine(kind: 'and' | 'or', plans: SearchPlan[]): SearchPlan {
  if (plans.length === 1) return plans[0]!;
  if (plans.every((plan) => plan.kind === 'store')) return { kind: 'store', key: { kind, keys: plans.map((plan) => plan.key) } };
  return { kind, plans };
}

export function planSearch(key: SearchKey, view: MailboxView): SearchPlan {
  switch (key.kind) {
    case 'all':
      return { kind: 'store', key: { kind: 'all' } };
    case 'and':
      return combine('and', key.keys.map((inner) => planSearch(inner, view)));
    case 'or':
      return combine('or', [planSearch(key.left, view), planSearch(key.right, view)]);
    case 'not': {
      const inner = planSearch(key.key, view);
      return inner.kind === 'store' ? { kind: 'store', key: { kind: 'not', key: inner.key } } : { kind: 'not', plan: inner };
    }
    case 'flag':
      return { kind: 'store', key: { kind: 'flag', flag: key.flag, set: key.present } };
    case 'recent':
      // \Recent is session state (RFC 3501 §2.3.2): the UIDs this session holds, none for IMAP4rev2.
      return { kind: 'store', key: { kind: 'uid', uids: toUidSet(view.recent.tracked ? view.recent.uids() : []) } };
    case 'sequence':
    case 'uid':
      return { kind: 'store', key: { kind: 'uid', uids: toUidSet(view.resolve(key.set, key.kind === 'uid')) } };
    case 'larger':
    case 'smaller':
      return { kind: 'store', key: { kind: key.kind, bytes: key.size } };
    case 'internal-date':
      return { kind: 'store', key: internalDateKey(key.comparison, key.date) };
    case 'sent-date':
      return memory(false, (data) => compareDay(sentDay(data.summary.envelope.date), key.comparison, key.date));
    case 'modseq':
      // One MODSEQ per message: a flag's entry name is answered with the message's (RFC 7162 §3.1.5).
      return { kind: 'store', key: { kind: 'modseq', atLeast: key.modseq } };
    case 'body':
      return { kind: 'store', key: { kind: 'text', value: key.value, scope: 'body' } };
    case 'text':
      // RFC 9051 §6.4.4 TEXT: "in the header (including MIME header fields) or body".
      return {
        kind: 'store',
        key: {
          kind: 'or',
          keys: [
            { kind: 'text', value: key.value, scope: 'header' },
            { kind: 'text', value: key.value, scope: 'body' },
          ],
        },
      };
    case 'header':
      return headerTest(key.field, key.value);
    case 'emailid':
      return memory(false, (data) => emailId(data.entry) === key.id);
    case 'threadid':
      // THREADID is NIL for every message (RFC 8474 §5.2), so no message has one.
      return { kind: 'store', key: NOTHING };
  }
}

/** Whether the key uses MODSEQ, which makes the response carry `(MODSEQ n)` (RFC 7162 §3.1.5). */
export function usesModseq(key: SearchKey): boolean {
  if (key.kind === 'modseq') return true;
  if (key.kind === 'and') return key.keys.some(usesModseq);
  if (key.kind === 'or') return usesModseq(key.left) || usesModseq(key.right);
  if (key.kind === 'not') return usesModseq(key.key);
  return false;
}
