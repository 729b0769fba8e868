// The STATUS response (RFC 9051 §7.3.4), shared by STATUS and LIST-STATUS (RFC 5819 §2). Items in the
// order asked; RECENT counts the messages no session has claimed as \Recent yet (RFC 3501 §6.3.10,
// mail/ops/recent.ts); SIZE is RFC 8438, HIGHESTMODSEQ RFC 7162 §3.1.6, APPENDLIMIT RFC 7889 §3 (the
// literal limit), MAILBOXID RFC 8474 §4.
import type { Mailbox, MailService } from '../mail/index.ts';
import { mailboxObjectId } from './mailbox-errors.ts';
import { formatMailbox, type StatusItem } from './wire/index.ts';

export interface StatusOptions {
  readonly mail: MailService;
  readonly utf8: boolean;
  readonly appendLimit: number;
}

/** `STATUS name (MESSAGES 3 UIDNEXT 4)` without `* `. */
export async function statusResponse(options: StatusOptions, mailbox: Mailbox, items: readonly StatusItem[]): Promise<string> {
  const status = await options.mail.mailboxStatus(mailbox.id);
  const values = [...new Set(items)].map((item) => {
    switch (item) {
      case 'MESSAGES':
        return `MESSAGES ${status.messages}`;
      case 'RECENT':
        return `RECENT ${status.recent}`;
      case 'UIDNEXT':
        return `UIDNEXT ${status.uidNext}`;
      case 'UIDVALIDITY':
        return `UIDVALIDITY ${status.uidValidity}`;
      case 'UNSEEN':
        return `UNSEEN ${status.unseen}`;
      case 'DELETED':
        return `DELETED ${status.deleted}`;
      case 'SIZE':
        return `SIZE ${status.size}`;
      case 'HIGHESTMODSEQ':
        return `HIGHESTMODSEQ ${status.highestModseq}`;
      case 'APPENDLIMIT':
        return `APPENDLIMIT ${options.appendLimit}`;
      case 'MAILBOXID':
        return `MAILBOXID (${mailboxObjectId(mailbox)})`;
    }
  });
  return `STATUS ${formatMailbox(mailbox.name, options.utf8)} (${values.join(' ')})`;
}
