// SORT criteria (RFC 5256 §3) evaluated on the stored envelope and entry: ARRIVAL is INTERNALDATE,
// DATE the Date field in UTC (INTERNALDATE when it cannot be parsed, RFC 5256 §2.2), FROM/TO/CC the
// first address's mailbox, SUBJECT the base subject; strings compare with i;ascii-casemap. Messages
// equal under every key keep message-number order (RFC 5256 §3).
import type { EnvelopeAddress } from '../../mime/index.ts';
import type { SortCriterion } from '../wire/index.ts';
import type { MessageData } from '../search/message-data.ts';
import { asciiCasemap, baseSubject } from './base-subject.ts';

/** The sent date (RFC 5256 §2.2): the Date field in UTC, else INTERNALDATE. */
export function sentDate(data: MessageData): number {
  const parsed = data.summary.envelope.date === null ? Number.NaN : Date.parse(data.summary.envelope.date);
  return Number.isNaN(parsed) ? data.entry.internalDate : parsed;
}

/** addr-mailbox of the first address (RFC 5256 §3 FROM/TO/CC); an empty string when there is none. */
function firstMailbox(addresses: readonly EnvelopeAddress[] | null): string {
  const first = addresses?.find((address) => address.host !== null);
  return asciiCasemap(first?.mailbox ?? '');
}

function keyOf(data: MessageData, criterion: SortCriterion): string | number {
  const envelope = data.summary.envelope;
  switch (criterion.key) {
    case 'ARRIVAL':
      return data.entry.internalDate;
    case 'DATE':
      return sentDate(data);
    case 'SIZE':
      return data.entry.size;
    case 'SUBJECT':
      return asciiCasemap(baseSubject(envelope.subject).subject);
    case 'FROM':
      return firstMailbox(envelope.from);
    case 'TO':
      return firstMailbox(envelope.to);
    case 'CC':
      return firstMailbox(envelope.cc);
  }
}

function compare(a: string | number, b: string | number): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** The messages (in message-number order) sorted by the criteria. */
export function sortMessages(messages: readonly MessageData[], criteria: readonly SortCriterion[]): MessageData[] {
  const keyed = messages.map((data, index) => ({ data, index, keys: criteria.map((criterion) => keyOf(data, criterion)) }));
  keyed.sort((x, y) => {
    for (const [i, criterion] of criteria.entries()) {
      const order = compare(x.keys[i]!, y.keys[i]!);
      if (order !== 0) return criterion.reverse ? -order : order;
    }
    return x.index - y.index;
  });
  return keyed.map((entry) => entry.data);
}
