// The selected mailbox as this session knows it (RFC 9051 §7.4, RFC 7162): the message-number ↔ UID map
// the client has been told about, and the changes not yet announced. Changes committed by anyone (SMTP
// delivery, another IMAP session, POP3) are learned from the store's change events and the change log and
// announced only at safe points: EXISTS and flag FETCHes after any command, EXPUNGE/VANISHED only where
// RFC 9051 §7.5.1 allows (never during FETCH, STORE or SEARCH by message number).
import type { RecentMessages } from './recent-messages.ts';
import type { SequenceSet } from './wire/index.ts';

export interface MailboxView {
  readonly mailboxId: number;
  /** The mailbox name as stored (decoded). */
  readonly name: string;
  /** EXAMINE, or a mailbox the user may not change. */
  readonly readOnly: boolean;
  readonly uidValidity: number;
  /** The messages \Recent in this session (RFC 3501 §2.3.2; none once IMAP4rev2 is enabled). */
  readonly recent: RecentMessages;
  /** Messages the client knows about (the last EXISTS it was sent). */
  readonly exists: number;
  /** UID of message number `seq` (1-based) as the client knows it. */
  uidAt(seq: number): number | undefined;
  /** Message number of `uid`, or undefined when the client does not know it. */
  seqOf(uid: number): number | undefined;
  /**
   * Resolves a sequence set of message numbers (`byUid` false) or UIDs (`byUid` true) — `*` and the
   * SEARCHRES `$` included — to the known UIDs it names, ascending, without duplicates.
   */
  resolve(set: SequenceSet, byUid: boolean): number[];
  /** The result SEARCH RETURN (SAVE) stored (RFC 5182); `$` resolves to it. */
  saveSearchResult(uids: readonly number[]): void;
  /**
   * Reads what changed since the view was last synced and returns the untagged responses (without
   * "* " and CRLF) that announce it: `n EXISTS`, `n FETCH (UID … FLAGS … [MODSEQ …])` for flag changes
   * by others, and, when `expunges` is true, `n EXPUNGE` (or `VANISHED uids` once QRESYNC is enabled).
   * Expunges held back stay pending, and message numbers stay stable until they are announced.
   */
  sync(options: { expunges: boolean }): Promise<string[]>;
  /**
   * The session announced these flag changes itself (STORE's FETCH responses, all stamped `modseq`);
   * the next sync leaves them out unless the message changed again after `modseq`.
   */
  noteOwnFlags(uids: readonly number[], modseq: number): void;
  /** Resolves when a change for this mailbox has been committed since the last sync (IDLE). */
  changed(): Promise<void>;
  /** Stops listening for changes (CLOSE, UNSELECT, SELECT of another mailbox, logout). */
  close(): void;
}
