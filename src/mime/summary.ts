// The message summary stored with every message (src/mail/types.ts MessageSummary), built from the
// header fields the scanner collected. IMAP extends it later with ENVELOPE and BODYSTRUCTURE.
import type { MessageSummary } from '../mail/types.ts';
import type { HeaderField } from './header-scanner.ts';
import { decodeEncodedWords } from './encoded-word.ts';

/** The first field with this name (RFC 5322 §3.6 allows each of these at most once). */
function firstValue(fields: readonly HeaderField[], name: string): string | null {
  const field = fields.find((f) => f.name.toLowerCase() === name);
  return field === undefined ? null : field.value;
}

/** Decoded display text: encoded words may carry line breaks or NULs that no single-line field may hold. */
function displayText(value: string | null): string | null {
  return value === null ? null : decodeEncodedWords(value).replace(/[\r\n\0]+/g, ' ');
}

export function summarise(fields: readonly HeaderField[]): MessageSummary {
  return {
    subject: displayText(firstValue(fields, 'subject')),
    from: displayText(firstValue(fields, 'from')),
    to: displayText(firstValue(fields, 'to')),
    date: firstValue(fields, 'date'),
    messageId: firstValue(fields, 'message-id'),
  };
}
