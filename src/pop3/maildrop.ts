// The maildrop of one POP3 session: the account's INBOX as it was at login (RFC 1939 §5: message
// numbers are fixed for the session), with the deletion marks of DELE and RSET.
//
// - Sizes are the octets RETR sends before byte-stuffing and the termination: the per-recipient
//   prefix plus the blob, which is also IMAP's RFC822.SIZE (line endings are CRLF in the store).
// - UIDL (RFC 1939 §7) is `<UIDVALIDITY>.<UID>` in decimal: unique in the mailbox, never reused
//   (UIDs only grow, and a new UIDVALIDITY changes every value), and the same after a restart.
// - A message expunged by IMAP meanwhile keeps its number and stays readable: its blob is removed
//   only by check-store after a grace period. The deletion at QUIT tolerates it being gone.
import type { MailService, Mailbox } from '../mail/types.ts';

export interface MaildropMessage {
  readonly uid: number;
  readonly size: number;
  readonly blobHash: string;
  readonly prefix: string;
  readonly uniqueId: string;
}

export type MessageLookup =
  | { readonly ok: true; readonly message: MaildropMessage }
  | { readonly ok: false; readonly text: string };

export class Maildrop {
  readonly mailboxId: number;
  readonly #messages: readonly MaildropMessage[];
  readonly #deleted = new Set<number>();

  constructor(mailbox: Mailbox, messages: readonly Omit<MaildropMessage, 'uniqueId'>[]) {
    this.mailboxId = mailbox.id;
    this.#messages = messages.map((message) => ({ ...message, uniqueId: `${mailbox.uidValidity}.${message.uid}` }));
  }

  static async open(mail: MailService, accountId: number): Promise<Maildrop> {
    const inbox = await mail.findMailbox(accountId, 'INBOX');
    if (inbox === undefined) throw new Error(`account ${accountId} has no INBOX`);
    const entries = await mail.listMessages(inbox.id);
    return new Maildrop(
      inbox,
      entries.map((entry) => ({ uid: entry.uid, size: entry.size, blobHash: entry.blobHash, prefix: entry.prefix })),
    );
  }

  /** Messages not marked deleted, with their numbers (LIST, UIDL without an argument). */
  *visible(): Generator<{ readonly number: number; readonly message: MaildropMessage }> {
    for (const [index, message] of this.#messages.entries()) {
      if (!this.#deleted.has(index + 1)) yield { number: index + 1, message };
    }
  }

  /** STAT (RFC 1939 §5): count and octets of the messages not marked deleted. */
  stat(): { count: number; octets: number } {
    let count = 0;
    let octets = 0;
    for (const { message } of this.visible()) {
      count++;
      octets += message.size;
    }
    return { count, octets };
  }

  /** A message by number, unless it does not exist or is marked deleted (RFC 1939 §5). */
  lookup(number: number): MessageLookup {
    const message = this.#messages[number - 1];
    if (number < 1 || message === undefined) return { ok: false, text: 'No such message' };
    if (this.#deleted.has(number)) return { ok: false, text: `Message ${number} already deleted` };
    return { ok: true, message };
  }

  markDeleted(number: number): void {
    this.#deleted.add(number);
  }

  /** RSET: unmarks every message; returns the count and octets of the maildrop. */
  unmarkAll(): { count: number; octets: number } {
    this.#deleted.clear();
    return this.stat();
  }

  /** The UIDs marked deleted, for the UPDATE state. */
  deletedUids(): number[] {
    return [...this.#deleted].sort((a, b) => a - b).map((number) => this.#messages[number - 1]!.uid);
  }
}
