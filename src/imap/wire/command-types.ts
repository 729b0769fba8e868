// Typed IMAP commands: what the parser produces and the command handlers consume. One variant per
// command of RFC 9051 / RFC 3501 and the extensions of the IMAP issue; UID variants carry `uid: true`
// (RFC 9051 §6.4.9). Mailbox names are already decoded (modified UTF-7 or UTF-8, INBOX normalised).

import type { FetchItem } from './fetch-types.ts';
import type { SearchKey } from './search-types.ts';
import type { SequenceSet } from './sequence-set.ts';

/** STATUS data items (RFC 9051 §6.3.11; SIZE RFC 8438; HIGHESTMODSEQ RFC 7162; APPENDLIMIT RFC 7889 §3; MAILBOXID RFC 8474). */
export const STATUS_ITEMS = ['MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'DELETED', 'SIZE', 'HIGHESTMODSEQ', 'APPENDLIMIT', 'MAILBOXID'] as const;
export type StatusItem = (typeof STATUS_ITEMS)[number];

/** QRESYNC parameters of SELECT/EXAMINE (RFC 7162 §3.2.5). */
export interface QresyncParameters {
  readonly uidValidity: number;
  readonly modseq: number;
  readonly knownUids: SequenceSet | null;
  readonly sequenceMatch: { readonly sequences: SequenceSet; readonly uids: SequenceSet } | null;
}

export interface ListSelection {
  readonly subscribed: boolean;
  readonly remote: boolean;
  readonly recursiveMatch: boolean;
  /** RFC 6154 §3. */
  readonly specialUse: boolean;
}

export interface ListReturn {
  readonly subscribed: boolean;
  readonly children: boolean;
  readonly specialUse: boolean;
  /** LIST-STATUS (RFC 5819): null when not asked. */
  readonly status: readonly StatusItem[] | null;
}

export interface AppendMessage {
  readonly flags: readonly string[];
  /** Milliseconds since the epoch; null means "now" (RFC 9051 §6.3.12). */
  readonly internalDate: number | null;
  readonly content: Uint8Array;
  /** Sent as literal8 (RFC 3516 §4.4): may hold NUL and needs no content transfer encoding. */
  readonly binary: boolean;
}

/** ESEARCH return options (RFC 4731 §3.1) and SAVE (RFC 5182 §2). */
export interface SearchReturn {
  readonly min: boolean;
  readonly max: boolean;
  readonly all: boolean;
  readonly count: boolean;
  readonly save: boolean;
}

/** RFC 5256 §3 sort-key. */
export const SORT_KEYS = ['ARRIVAL', 'CC', 'DATE', 'FROM', 'SIZE', 'SUBJECT', 'TO'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface SortCriterion {
  readonly key: SortKey;
  readonly reverse: boolean;
}

export const THREAD_ALGORITHMS = ['ORDEREDSUBJECT', 'REFERENCES'] as const;
export type ThreadAlgorithm = (typeof THREAD_ALGORITHMS)[number];

export type StoreOperation = 'replace' | 'add' | 'remove';

export type ImapCommand =
  | { readonly name: 'CAPABILITY' | 'NOOP' | 'LOGOUT' | 'STARTTLS' | 'CHECK' | 'CLOSE' | 'UNSELECT' | 'IDLE' | 'NAMESPACE' }
  | { readonly name: 'AUTHENTICATE'; readonly mechanism: string; readonly initialResponse: string | null }
  | { readonly name: 'LOGIN'; readonly username: string; readonly password: string }
  | { readonly name: 'ENABLE'; readonly capabilities: readonly string[] }
  | { readonly name: 'SELECT' | 'EXAMINE'; readonly mailbox: string; readonly condstore: boolean; readonly qresync: QresyncParameters | null }
  | { readonly name: 'CREATE'; readonly mailbox: string; readonly specialUse: readonly string[] }
  | { readonly name: 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE'; readonly mailbox: string }
  | { readonly name: 'RENAME'; readonly from: string; readonly to: string }
  | {
      readonly name: 'LIST';
      readonly reference: string;
      readonly patterns: readonly string[];
      readonly selection: ListSelection;
      readonly return: ListReturn;
      /** Any LIST-EXTENDED syntax was used (RFC 5258 §3): answer in the extended form. */
      readonly extended: boolean;
    }
  | { readonly name: 'LSUB'; readonly reference: string; readonly pattern: string }
  | { readonly name: 'STATUS'; readonly mailbox: string; readonly items: readonly StatusItem[] }
  | { readonly name: 'APPEND'; readonly mailbox: string; readonly messages: readonly AppendMessage[] }
  | { readonly name: 'EXPUNGE'; readonly uid: false }
  | { readonly name: 'EXPUNGE'; readonly uid: true; readonly set: SequenceSet }
  | { readonly name: 'SEARCH'; readonly uid: boolean; readonly charset: string | null; readonly criteria: SearchKey; readonly return: SearchReturn | null }
  | {
      readonly name: 'FETCH';
      readonly uid: boolean;
      readonly set: SequenceSet;
      readonly items: readonly FetchItem[];
      /** CONDSTORE (RFC 7162 §3.1.4). */
      readonly changedSince: number | null;
      /** QRESYNC (RFC 7162 §3.2.6), UID FETCH only. */
      readonly vanished: boolean;
    }
  | {
      readonly name: 'STORE';
      readonly uid: boolean;
      readonly set: SequenceSet;
      readonly unchangedSince: number | null;
      readonly operation: StoreOperation;
      readonly silent: boolean;
      readonly flags: readonly string[];
    }
  | { readonly name: 'COPY' | 'MOVE'; readonly uid: boolean; readonly set: SequenceSet; readonly mailbox: string }
  | { readonly name: 'ID'; readonly parameters: ReadonlyArray<readonly [string, string | null]> | null }
  | { readonly name: 'SORT'; readonly uid: boolean; readonly criteria: readonly SortCriterion[]; readonly charset: string; readonly search: SearchKey }
  | { readonly name: 'THREAD'; readonly uid: boolean; readonly algorithm: ThreadAlgorithm; readonly charset: string; readonly search: SearchKey }
  | { readonly name: 'COMPRESS'; readonly mechanism: string }
  | { readonly name: 'GETQUOTA'; readonly root: string }
  | { readonly name: 'GETQUOTAROOT'; readonly mailbox: string }
  | { readonly name: 'SETQUOTA'; readonly root: string; readonly limits: ReadonlyArray<{ readonly resource: string; readonly limit: number }> };

export type ImapCommandName = ImapCommand['name'];
