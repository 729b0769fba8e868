// ENVELOPE (RFC 3501 §7.4.2 / RFC 9051 §7.5.2) from a header section's fields. Values are the raw
// field values (unfolded, trimmed; encoded words kept): IMAP clients decode them themselves.
import { parseAddressList } from './address-list.ts';
import { firstFieldValue, type HeaderField } from './header-scanner.ts';
import type { EnvelopeAddress, MessageEnvelope } from './types.ts';

function addresses(fields: readonly HeaderField[], name: string): EnvelopeAddress[] | null {
  const value = firstFieldValue(fields, name);
  return value === null ? null : parseAddressList(value);
}

export function buildEnvelope(fields: readonly HeaderField[]): MessageEnvelope {
  const from = addresses(fields, 'from');
  return {
    date: firstFieldValue(fields, 'date'),
    subject: firstFieldValue(fields, 'subject'),
    from,
    // RFC 3501 §7.4.2: sender and reply-to default to from when absent or empty.
    sender: addresses(fields, 'sender') ?? from,
    replyTo: addresses(fields, 'reply-to') ?? from,
    to: addresses(fields, 'to'),
    cc: addresses(fields, 'cc'),
    bcc: addresses(fields, 'bcc'),
    inReplyTo: firstFieldValue(fields, 'in-reply-to'),
    messageId: firstFieldValue(fields, 'message-id'),
  };
}
