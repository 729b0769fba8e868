// The display fields of the message summary stored with every message (src/mail/types.ts
// MessageSummary), built from the header fields the scanner collected. MessageAnalyser adds the
// ENVELOPE, the MIME structure, the size and the line count.
import type { MessageSummary } from './types.ts';
import { firstFieldValue, type HeaderField } from './header-scanner.ts';
import { decodeEncodedWords } from './encoded-word.ts';

/** What the header section alone gives: decoded text for lists and logs. */
export type HeaderSummary = Pick<MessageSummary, 'subject' | 'from' | 'to' | 'date' | 'messageId'>;

/** Decoded display text: encoded words may carry line breaks or NULs that no single-line field may hold. */
function displayText(value: string | null): string | null {
  return value === null ? null : decodeEncodedWords(value).replace(/[\r\n\0]+/g, ' ');
}

export function summarise(fields: readonly HeaderField[]): HeaderSummary {
  return {
    subject: displayText(firstFieldValue(fields, 'subject')),
    from: displayText(firstFieldValue(fields, 'from')),
    to: displayText(firstFieldValue(fields, 'to')),
    date: firstFieldValue(fields, 'date'),
    messageId: firstFieldValue(fields, 'message-id'),
  };
}
