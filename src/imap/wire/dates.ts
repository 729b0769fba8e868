// IMAP dates (RFC 9051 §9): `date` for SEARCH (a calendar day, compared "disregarding time and
// timezone", RFC 9051 §6.4.4) and `date-time` for APPEND and INTERNALDATE (`"17-Jul-1996 02:44:25 -0700"`).

import type { ArgumentCursor } from './cursor.ts';
import { ImapSyntaxError } from './cursor.ts';

export interface CalendarDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** date-text = date-day "-" date-month "-" date-year; date-month is case-insensitive (RFC 9051 §9). */
const DATE_TEXT = /^([0-9]{1,2})-([A-Za-z]{3})-([0-9]{4})$/;
/** date-time with date-day-fixed (a space before a one-digit day) and a numeric zone. */
const DATE_TIME = /^([ 0-9][0-9])-([A-Za-z]{3})-([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})$/;

function monthNumber(name: string): number {
  const index = MONTHS.findIndex((month) => month.toLowerCase() === name.toLowerCase());
  if (index === -1) throw new ImapSyntaxError(`Invalid month "${name}"`);
  return index + 1;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function calendarDate(dayText: string, monthText: string, yearText: string): CalendarDate {
  const year = Number(yearText);
  const month = monthNumber(monthText);
  const day = Number(dayText.trim());
  if (day < 1 || day > daysIn(year, month)) throw new ImapSyntaxError('Invalid day of month');
  return { year, month, day };
}

/** date = date-text / DQUOTE date-text DQUOTE. */
export function readSearchDate(cursor: ArgumentCursor): CalendarDate {
  const quoted = cursor.peekIs('"');
  const text = quoted ? cursor.string() : cursor.atom('a date');
  const match = DATE_TEXT.exec(text);
  if (match === null) throw new ImapSyntaxError('Invalid date, expected dd-Mon-yyyy');
  return calendarDate(match[1]!, match[2]!, match[3]!);
}

/** date-time (always quoted): milliseconds since the epoch. */
export function readDateTime(cursor: ArgumentCursor): number {
  if (!cursor.peekIs('"')) throw new ImapSyntaxError('Expected a quoted date-time');
  const match = DATE_TIME.exec(cursor.string());
  if (match === null) throw new ImapSyntaxError('Invalid date-time, expected "dd-Mon-yyyy hh:mm:ss +zzzz"');
  const date = calendarDate(match[1]!, match[2]!, match[3]!);
  const [hours, minutes, seconds, zoneHours, zoneMinutes] = [match[4], match[5], match[6], match[8], match[9]].map(Number) as [number, number, number, number, number];
  if (hours > 23 || minutes > 59 || seconds > 60 || zoneMinutes > 59) throw new ImapSyntaxError('Invalid time in date-time');
  const zone = (match[7] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  return Date.UTC(date.year, date.month - 1, date.day, hours, minutes, seconds) - zone * 60_000;
}

/** INTERNALDATE wire form in UTC: `"02-Jan-2024 03:04:05 +0000"` (RFC 9051 §7.5.2). */
export function formatDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = pad(date.getUTCDate());
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `"${day}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${time} +0000"`;
}
