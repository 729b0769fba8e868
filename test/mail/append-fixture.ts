// Appends test messages the way the IMAP APPEND command will: blob committed first, analysed by the
// mime MessageAnalyser for its summary and search text, then one append operation.
import type { Account, AppendResult, MailService } from '../../src/mail/index.ts';
import { MessageAnalyser } from '../../src/mime/index.ts';
import { storeBlob } from '../helpers/mail-fixtures.ts';

export interface AppendOptions {
  mailbox?: string;
  flags?: string[];
  internalDate?: number;
}

export async function appendText(mail: MailService, account: Account, text: string, options: AppendOptions = {}): Promise<AppendResult> {
  const blob = await storeBlob(mail, text);
  const analyser = new MessageAnalyser({ maxHeaderSize: 65536 });
  analyser.push(Buffer.from(text, 'latin1'));
  const { summary, searchText, headerText } = analyser.end();
  return mail.append({
    accountId: account.id,
    mailbox: options.mailbox ?? 'INBOX',
    blob,
    summary: JSON.stringify(summary),
    searchText,
    headerText,
    flags: options.flags ?? [],
    internalDate: options.internalDate ?? 1_700_000_000_000,
  });
}

/** A message of exactly `size` bytes (size ≥ 40). */
export function messageOfSize(subject: string, size: number): string {
  const head = `Subject: ${subject}\r\n\r\n`;
  return head + 'x'.repeat(size - head.length - 2) + '\r\n';
}
