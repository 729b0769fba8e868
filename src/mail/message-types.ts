// Records of the mailbox operations IMAP and POP3 call (RFC 9051 mailbox and message semantics):
// UID sets, message entries, flag stores, copies and moves, searches, change-log replays and quota.
import type { TextScope } from '../store/types.ts';
import type { Mailbox, SpecialUse } from './types.ts';

/**
 * Inclusive UID ranges `[low, high]`. The caller resolves `*` (RFC 9051 §9 seq-number: the highest
 * UID in the mailbox) and sequence numbers before calling; UIDs that do not exist are ignored.
 */
export type UidSet = ReadonlyArray<readonly [number, number]>;

/** One message in a mailbox, as FETCH FLAGS/UID/MODSEQ/INTERNALDATE/RFC822.SIZE and POP3 LIST/UIDL use it. */
export interface MessageEntry {
  uid: number;
  modseq: number;
  /** Blob size + prefix bytes: RFC822.SIZE and POP3 octets. */
  size: number;
  blobHash: string;
  /** Per-recipient header lines served before the blob. */
  prefix: string;
  flags: string[];
  /** ms since epoch. */
  internalDate: number;
  /** The stored body's id (shared by copies): OBJECTID EMAILID (RFC 8474). */
  messageId: number;
}

/**
 * A message's UID, MODSEQ and flags only: what SELECT, FETCH (UID FLAGS MODSEQ), STORE replies and
 * change syncs need. Read without the message join, and entries with the same flags share one
 * (read-only) flag list, so listing 100,000 of them stays cheap (issue 4).
 */
export interface MessageFlags {
  readonly uid: number;
  readonly modseq: number;
  readonly flags: readonly string[];
}

/** A mailbox as LIST shows it (RFC 9051 §7.3.1, RFC 6154 special use, RFC 5258 \Subscribed). */
export interface MailboxListing {
  name: string;
  /** undefined for a subscription naming a mailbox that does not exist (\NonExistent). */
  mailbox: Mailbox | undefined;
  attributes: string[];
}

/** STATUS items (RFC 9051 §6.3.11, RFC 7162 HIGHESTMODSEQ, RFC 8438 SIZE, RFC 8474 MAILBOXID). */
export interface MailboxStatus {
  mailboxId: number;
  messages: number;
  uidNext: number;
  uidValidity: number;
  unseen: number;
  deleted: number;
  size: number;
  highestModseq: number;
  /** Messages no session has claimed as \Recent yet (RFC 3501 §6.3.10 STATUS RECENT). */
  recent: number;
  /** The mailbox's first unclaimed UID (mail/ops/recent.ts): UIDs from it on are recent for no session yet. */
  firstRecentUid: number;
}

/** UIDs `first` ≤ uid < `next` were claimed as \Recent by the caller (RFC 3501 §2.3.2). */
export interface RecentClaim {
  first: number;
  next: number;
}

export interface CreateMailboxInput {
  accountId: number;
  name: string;
  /** RFC 6154 §5 CREATE-SPECIAL-USE. */
  specialUse?: SpecialUse | null;
}

export interface AppendInput {
  accountId: number;
  mailbox: string;
  blob: { hash: string; size: number };
  /** The parsed summary as stored JSON (MessageSummary). */
  summary: string;
  /** Decoded text of the message's text parts, for SEARCH BODY/TEXT. */
  searchText: string;
  /** Decoded header fields of every part, for SEARCH TEXT. */
  headerText: string;
  flags: readonly string[];
  /** ms since epoch: INTERNALDATE (RFC 9051 §6.3.12 date-time, else now). */
  internalDate: number;
}

/** APPENDUID (RFC 4315 §3). */
export interface AppendResult {
  mailboxId: number;
  uidValidity: number;
  uid: number;
  modseq: number;
}

export interface CopyInput {
  accountId: number;
  sourceMailboxId: number;
  uids: UidSet;
  target: string;
}

/** COPYUID (RFC 4315 §3): source UIDs and the UIDs their copies got, pairwise in ascending order. */
export interface CopyResult {
  targetMailboxId: number;
  uidValidity: number;
  sourceUids: number[];
  targetUids: number[];
}

export interface StoreFlagsInput {
  mailboxId: number;
  uids: UidSet;
  mode: 'set' | 'add' | 'remove';
  flags: readonly string[];
  /** RFC 7162 §3.1.3 UNCHANGEDSINCE: messages whose MODSEQ is above it are not changed. */
  unchangedSince?: number;
}

export interface StoreFlagsResult {
  /** The MODSEQ every changed message got; the mailbox's HIGHESTMODSEQ when nothing changed. */
  modseq: number;
  /** Messages whose flags changed, grouped by their new flags (compact for a STORE on 1:*). */
  changed: Array<{ flags: string[]; uids: number[] }>;
  /** Messages that failed the UNCHANGEDSINCE test (the MODIFIED response code). */
  modified: number[];
}

export interface ExpungeResult {
  uids: number[];
  /** The MODSEQ of the expunge (HIGHESTMODSEQ afterwards). */
  modseq: number;
}

/** What changed in a mailbox after a MODSEQ (RFC 7162 §3.2.5.2 QRESYNC, CONDSTORE, IDLE wake-ups). */
export type MailboxChanges =
  | { kind: 'changes'; highestModseq: number; changed: MessageFlags[]; expunged: number[] }
  /** The change log no longer reaches back that far: the client needs a full resync. */
  | { kind: 'too-old'; highestModseq: number };

/**
 * SEARCH keys the store answers from indexed columns and the text index (RFC 9051 §6.4.4). Dates are
 * ms-since-epoch bounds the IMAP layer computes from its day arithmetic: `since` inclusive, `before`
 * exclusive. Header and sent-date keys need the stored summary and are the IMAP layer's.
 */
export type SearchKey =
  | { kind: 'all' }
  | { kind: 'uid'; uids: UidSet }
  | { kind: 'flag'; flag: string; set: boolean }
  | { kind: 'larger' | 'smaller'; bytes: number }
  | { kind: 'internal-date'; since?: number; before?: number }
  | { kind: 'modseq'; atLeast: number }
  /**
   * The words of `value` in the message's indexed body text (searchText: BODY) or header text
   * (headerText); TEXT is the OR of both scopes.
   */
  | { kind: 'text'; value: string; scope: TextScope }
  | { kind: 'not'; key: SearchKey }
  | { kind: 'and'; keys: SearchKey[] }
  | { kind: 'or'; keys: SearchKey[] };

/** RFC 9208 QUOTA resources of an account's root. */
export interface QuotaUsage {
  /** STORAGE, KiB (rounded up). */
  storageUsed: number;
  storageLimit: number | null;
  /** MESSAGE. */
  messagesUsed: number;
  messageLimit: number | null;
}
