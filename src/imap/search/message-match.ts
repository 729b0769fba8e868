// Criteria the store cannot answer, tested on one message's summary (RFC 9051 §6.4.4): header fields
// by case-insensitive substring of the decoded value and SENT* on the Date field's calendar day.
// FROM/TO/CC/BCC/SUBJECT come from the stored ENVELOPE; other fields from the header section.
import { decodeEncodedWords, type EnvelopeAddress, type MessageEnvelope } from '../../mime/index.ts';
import type { CalendarDate, DateComparison } from '../wire/index.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** RFC 5322 §3.3 date: day month year, with an optional day of week before it. */
const DATE = /(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\s+(\d{2,4})/;

const ENVELOPE_FIELDS = { FROM: 'from', TO: 'to', CC: 'cc', BCC: 'bcc' } as const;

export function isEnvelopeField(field: string): boolean {
  return field === 'SUBJECT' || field in ENVELOPE_FIELDS;
}

/** i;unicode-casemap-like comparison: case-insensitive substring (RFC 9051 §6.4.4). */
export function containsText(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

function addressTexts(addresses: readonly EnvelopeAddress[] | null): string[] {
  if (addresses === null) return [];
  return addresses.flatMap((a) => {
    const texts: string[] = [];
    if (a.name !== null) texts.push(decodeEncodedWords(a.name));
    if (a.mailbox !== null) texts.push(a.host === null ? a.mailbox : `${a.mailbox}@${a.host}`);
    return texts;
  });
}

/** The searchable texts of an envelope field; null when the message has no such field. */
export function envelopeFieldTexts(envelope: MessageEnvelope, field: string): string[] | null {
  if (field === 'SUBJECT') return envelope.subject === null ? null : [envelope.subject, decodeEncodedWords(envelope.subject)];
  const key = ENVELOPE_FIELDS[field as keyof typeof ENVELOPE_FIELDS];
  const addresses = envelope[key];
  return addresses === null ? null : addressTexts(addresses);
}

/** Field present and its value contains `value`; an empty value matches any message with the field. */
export function fieldMatches(texts: readonly string[] | null, value: string): boolean {
  if (texts === null) return false;
  return value === '' || texts.some((text) => containsText(text, value));
}

/** The calendar day of a Date field as written, its zone disregarded (RFC 9051 §6.4.4 SENT*). */
export function sentDay(date: string | null): CalendarDate | null {
  if (date === null) return null;
  const match = DATE.exec(date);
  if (match === null) return null;
  const month = MONTHS.indexOf(match[2]!.toLowerCase()) + 1;
  if (month === 0) return null;
  let year = Number(match[3]);
  // RFC 5322 §4.3 obs-year: two digits are 19xx from 50 on, else 20xx.
  if (match[3]!.length <= 2) year += year >= 50 ? 1900 : 2000;
  return { year, month, day: Number(match[1]) };
}

function dayNumber(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}

export function compareDay(value: CalendarDate | null, comparison: DateComparison, date: CalendarDate): boolean {
  if (value === null) return false;
  const a = dayNumber(value);
  const b = dayNumber(date);
  return comparison === 'before' ? a < b : comparison === 'on' ? a === b : a >= b;
}
