// Mail-level records and the MailService contract: what SMTP, IMAP, POP3, the queue, the CLI and the
// HTTP API call. Implemented once over store/ for every backend. Addresses are compared lowercased
// (local parts are case-insensitive here, as in Postfix and Dovecot by default).
import type { StoredBlob, ChangeBus, BlobStore } from '../store/types.ts';
import type { MessageSummary } from '../mime/types.ts';
import type { QueueAttempt, QueueEntry, QueueSettlement, RecipientDsn } from './queue-types.ts';
import type {
  AppendInput,
  AppendResult,
  CopyInput,
  CopyResult,
  CreateMailboxInput,
  ExpungeResult,
  MailboxChanges,
  MailboxListing,
  MailboxStatus,
  MessageEntry,
  MessageFlags,
  QuotaUsage,
  RecentClaim,
  SearchKey,
  StoreFlagsInput,
  StoreFlagsResult,
  UidSet,
} from './message-types.ts';

export type SpecialUse = '\\Sent' | '\\Drafts' | '\\Trash' | '\\Junk' | '\\Archive';

/** Folders every new account gets (RFC 6154 roles). */
export const DEFAULT_MAILBOXES: ReadonlyArray<{ name: string; specialUse: SpecialUse | null }> = [
  { name: 'INBOX', specialUse: null },
  { name: 'Sent', specialUse: '\\Sent' },
  { name: 'Drafts', specialUse: '\\Drafts' },
  { name: 'Trash', specialUse: '\\Trash' },
  { name: 'Junk', specialUse: '\\Junk' },
  { name: 'Archive', specialUse: '\\Archive' },
];

export interface Domain {
  id: number;
  name: string;
  /** For a domain alias: the domain it maps onto. */
  aliasOf: string | null;
  createdAt: number;
}

export interface Account {
  id: number;
  /** Lowercased `local@domain`. */
  address: string;
  domain: string;
  /** Argon2id PHC string. */
  passwordHash: string;
  /** null = unlimited. */
  quotaBytes: number | null;
  usedBytes: number;
  /** Most messages the account may hold (RFC 9208 §5.2 MESSAGE); null = unlimited. */
  quotaMessages: number | null;
  /** Messages in all its mailboxes. */
  messageCount: number;
  isAdmin: boolean;
  /** Which sender addresses it may use when it submits mail (RFC 6409 §6.1). */
  senderPolicy: SenderPolicy;
  /** Lowercased addresses (local or remote) its mail is forwarded to; [] = no forwarding. */
  forwardTo: string[];
  /** While it forwards: whether its INBOX keeps a copy too. */
  keepCopy: boolean;
  createdAt: number;
}

/** `own`: its address, aliases and sub-addresses; `domain`: any address of its domain; `any`: anything. */
export type SenderPolicy = 'own' | 'domain' | 'any';
export const SENDER_POLICIES: readonly SenderPolicy[] = ['own', 'domain', 'any'];

export interface Alias {
  id: number;
  /** `local@domain`, or `@domain` for the catch-all. */
  address: string;
  /** Addresses mail is delivered to: local ones, or remote ones it is forwarded to. */
  targets: string[];
}

// DKIM keys
/** RFC 6376 §3.3 rsa-sha256 and RFC 8463 §3 ed25519-sha256: the a= of the signatures a key makes. */
export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';
export const DKIM_ALGORITHMS: readonly DkimAlgorithm[] = ['rsa-sha256', 'ed25519-sha256'];

/** A domain's DKIM signing key; its public half is published at `selector._domainkey.domain` (RFC 6376 §3.6.2.1). */
export interface DkimKey {
  id: number;
  /** The signing domain (d=), lowercased. */
  domain: string;
  /** The selector (s=), lowercased. */
  selector: string;
  algorithm: DkimAlgorithm;
  /** PKCS#8 PEM. Never printed or logged. */
  privateKeyPem: string;
  /** base64 as published in the key record's p= tag (RFC 6376 §3.6.1, RFC 8463 §4.2). */
  publicKey: string;
  /** The key that signs the domain's mail; at most one per domain. */
  active: boolean;
  createdAt: number;
}

export interface Mailbox {
  id: number;
  accountId: number;
  name: string;
  specialUse: SpecialUse | null;
  uidValidity: number;
  uidNext: number;
  highestModseq: number;
  messageCount: number;
  subscribed: boolean;
}

/** Defined beside the analyser that computes it; stored as JSON with each message. */
export type { MessageSummary } from '../mime/types.ts';

export interface DeliveryRequest {
  blob: StoredBlob;
  summary: MessageSummary;
  /** Decoded text of the message's text parts, bounded, for the full-text index (SEARCH BODY/TEXT). */
  searchText: string;
  /** Decoded header fields of every part, bounded, for the full-text index (SEARCH TEXT). */
  headerText: string;
  /** ms since epoch: INTERNALDATE. */
  receivedAt: number;
  /** Envelope sender ('' = null sender). */
  sender: string;
  /** Local recipients; `prefix` is a per-recipient header block (e.g. `Delivered-To: …\r\n`), may be ''. */
  local: Array<{ accountId: number; mailbox?: string; prefix: string }>;
  /**
   * Remote recipients, queued for the outbound queue, with the RFC 3461 parameters of their RCPT.
   * `sender`: this entry's envelope sender when it is not `sender` (forwarded mail's SRS address).
   */
  remote: Array<{ recipient: string; dsn?: RecipientDsn; sender?: string }>;
  /** RFC 3461 RET and ENVID of the MAIL, for the queue's notifications. */
  dsn?: { ret: 'FULL' | 'HDRS' | null; envid: string | null };
  /**
   * From a client we trust (authenticated, relay network, local); default true. Queued mail that was
   * not submitted (forwarded, an SRS bounce) is not DKIM-signed for its `From:` domain.
   */
  submitted?: boolean;
  /** The message came with SMTPUTF8 (RFC 6531 §3.4); default false. */
  smtputf8?: boolean;
}

export interface DeliveryResult {
  messageId: number;
  local: Array<{ accountId: number; mailboxId: number; uid: number; modseq: number }>;
  queueIds: number[];
}

/**
 * Errors are StoreOpError with these codes: 'exists', 'not-found', 'invalid', 'over-quota'
 * (detail.address = the account that is full), 'in-use' (e.g. removing a domain that has accounts).
 */
export interface MailService {
  readonly changes: ChangeBus;
  readonly blobs: BlobStore;

  addDomain(name: string, opts?: { aliasOf?: string }): Promise<Domain>;
  listDomains(): Promise<Domain[]>;
  findDomain(name: string): Promise<Domain | undefined>;
  /** Refuses ('in-use') while accounts or aliases of the domain, or domain aliases onto it, exist. */
  removeDomain(name: string): Promise<void>;

  /**
   * Creates the account and its DEFAULT_MAILBOXES. The domain must exist and not be a domain alias.
   * `quotaMessages` defaults to unlimited.
   */
  addAccount(input: { address: string; passwordHash: string; quotaBytes: number | null; quotaMessages?: number | null; isAdmin?: boolean }): Promise<Account>;
  listAccounts(domain?: string): Promise<Account[]>;
  findAccount(address: string): Promise<Account | undefined>;
  /** Removes the account, its mailboxes and messages (blob references released). */
  removeAccount(address: string): Promise<void>;
  setPassword(address: string, passwordHash: string): Promise<void>;
  /** Sets the storage limit, and the message limit unless `quotaMessages` is undefined (kept as it is). */
  setQuota(address: string, quotaBytes: number | null, quotaMessages?: number | null): Promise<void>;
  setSenderPolicy(address: string, policy: SenderPolicy): Promise<void>;
  /**
   * Forwards the account's mail to `targets` (local or remote addresses; [] stops forwarding), its
   * INBOX keeping a copy when `keepCopy`. 'not-found', 'invalid' (a malformed target, or itself).
   */
  setForwarding(address: string, targets: string[], keepCopy: boolean): Promise<Account>;
  /** First admin account (lowest id) of the domain, else of the whole server. */
  firstAdmin(domain: string): Promise<Account | undefined>;

  /** Adds an alias, or adds targets to an existing one. */
  addAlias(address: string, targets: string[]): Promise<Alias>;
  listAliases(domain?: string): Promise<Alias[]>;
  findAlias(address: string): Promise<Alias | undefined>;
  removeAlias(address: string): Promise<void>;

  // server settings shared by every node (e.g. the generated SRS secret)
  findSetting(name: string): Promise<string | undefined>;
  /** Stores `value` unless the setting exists; returns the value stored (the first writer's). */
  initSetting(name: string, value: string): Promise<string>;

  // DKIM keys
  /**
   * Stores a generated key for a local domain ('not-found' without the domain, 'exists' for a
   * selector the domain already has, 'invalid'); `active` (default true) makes it the signing key.
   */
  addDkimKey(input: { domain: string; selector: string; algorithm: DkimAlgorithm; privateKeyPem: string; publicKey: string; active?: boolean }): Promise<DkimKey>;
  /** Every key (of one domain): by domain, newest first. */
  listDkimKeys(domain?: string): Promise<DkimKey[]>;
  findDkimKey(domain: string, selector: string): Promise<DkimKey | undefined>;
  /** The key that signs the domain's mail (read per message: a CLI change applies at once). */
  activeDkimKey(domain: string): Promise<DkimKey | undefined>;
  /** Makes the key the domain's signing key; 'not-found'. */
  activateDkimKey(domain: string, selector: string): Promise<DkimKey>;
  /** Removes the key (the active one too, leaving the domain unsigned) and returns it; 'not-found'. */
  removeDkimKey(domain: string, selector: string): Promise<DkimKey>;

  listMailboxes(accountId: number): Promise<Mailbox[]>;
  /** INBOX is found in any case (RFC 9051 §5.1). */
  findMailbox(accountId: number, name: string): Promise<Mailbox | undefined>;
  /** LIST: mailboxes in hierarchy order with their attributes, then subscriptions naming no mailbox. */
  listMailboxTree(accountId: number): Promise<MailboxListing[]>;
  mailboxStatus(mailboxId: number): Promise<MailboxStatus>;
  /** Creates missing parents too; 'exists', 'invalid', 'invalid-special-use'. */
  createMailbox(input: CreateMailboxInput): Promise<Mailbox>;
  /** 'invalid' for INBOX, 'has-children' while it has children, 'not-found'. */
  deleteMailbox(accountId: number, name: string): Promise<void>;
  /** Takes children along; renaming INBOX moves its messages into a new mailbox (RFC 9051 §6.3.6). */
  renameMailbox(accountId: number, from: string, to: string): Promise<void>;
  subscribe(accountId: number, name: string): Promise<void>;
  unsubscribe(accountId: number, name: string): Promise<void>;

  /** Messages of a mailbox in UID order: all, a UID set, and/or those changed after a MODSEQ. */
  listMessages(mailboxId: number, query?: { uids?: UidSet; changedSince?: number }): Promise<MessageEntry[]>;
  /** The light form of listMessages: UID, MODSEQ and flags only (SELECT, FETCH FLAGS, syncs). */
  listFlags(mailboxId: number, query?: { uids?: UidSet; changedSince?: number }): Promise<MessageFlags[]>;
  /** The stored MessageSummary JSON of the given messages, in UID order. */
  listSummaries(mailboxId: number, uids: UidSet): Promise<Array<{ uid: number; summary: string }>>;
  /** UIDs matching the key, ascending. */
  search(mailboxId: number, key: SearchKey): Promise<number[]>;
  changesSince(mailboxId: number, modseq: number): Promise<MailboxChanges>;
  /**
   * Claims the messages no session has been told about as \Recent for the caller (RFC 3501 §2.3.2):
   * UIDs `first` ≤ uid < `next`, now recent for no one else. 'not-found' when the mailbox is gone.
   */
  claimRecent(mailboxId: number): Promise<RecentClaim>;
  quotaUsage(accountId: number): Promise<QuotaUsage | undefined>;

  /** 'not-found' with detail.tryCreate for a missing mailbox; 'over-quota'. */
  append(input: AppendInput): Promise<AppendResult>;
  copyMessages(input: CopyInput): Promise<CopyResult>;
  /** Copy and expunge of the sources in one transaction (RFC 6851). */
  moveMessages(input: CopyInput): Promise<CopyResult>;
  storeFlags(input: StoreFlagsInput): Promise<StoreFlagsResult>;
  /** Removes the \Deleted messages (of `uids` only, for UID EXPUNGE). */
  expunge(mailboxId: number, uids?: UidSet): Promise<ExpungeResult>;
  /** POP3 UPDATE: removes those of `uids` that still exist, whatever their flags. */
  deleteMessages(mailboxId: number, uids: number[]): Promise<ExpungeResult>;
  /** The change log's retention rule: drops rows older than `retentionMs`; returns how many. */
  trimChangeLog(retentionMs: number): Promise<number>;

  /**
   * One transaction: message row, a mailbox entry per local recipient (next UID and MODSEQ of that
   * mailbox, quota charged), a queue entry per remote recipient. All or nothing: when any local
   * recipient would exceed its storage or message limit, nothing is stored and
   * StoreOpError('over-quota') is thrown.
   */
  deliver(request: DeliveryRequest): Promise<DeliveryResult>;

  // outbound queue
  /** Leases up to `limit` due entries to `owner` for `leaseMs` (DESIGN.md: leases, never two senders). */
  leaseDue(args: { owner: string; leaseMs: number; limit: number }): Promise<QueueEntry[]>;
  /** Records attempts of entries `owner` holds; delivered and failed ones leave the queue. Returns the ids settled. */
  settleQueue(owner: string, settlements: readonly QueueSettlement[]): Promise<number[]>;
  markDelayWarned(ids: readonly number[]): Promise<void>;
  /** Makes queued entries (all, for null) due now; returns how many. */
  retryQueue(ids: readonly number[] | null): Promise<number>;
  /** Asks the runner to bounce the entries at its next pass; returns how many. */
  requestBounce(ids: readonly number[]): Promise<number>;
  /** Drops entries without a notification; returns how many. */
  removeQueueEntries(ids: readonly number[]): Promise<number>;
  listQueue(): Promise<QueueEntry[]>;
  findQueueEntry(id: number): Promise<QueueEntry | undefined>;
  listQueueAttempts(id: number): Promise<QueueAttempt[]>;
  /** When the next entry is due (or its lease runs out), ms since epoch; undefined for an empty queue. */
  nextQueueDue(): Promise<number | undefined>;
  /** The runners holding leases now. */
  listLeaseOwners(): Promise<string[]>;
  /** Returns the entries leased by runners known to be gone to the queue, due now; returns how many. */
  releaseLeases(owners: readonly string[]): Promise<number>;
  /** Extends `owner`'s leases on `ids`; returns the ids it still held. */
  renewLeases(owner: string, ids: readonly number[], leaseMs: number): Promise<number[]>;

  /**
   * Store consistency problems, one line each ([] = clean). Collecting orphan blobs (referenced by no
   * message, older than graceMs) is maintenance, not a problem: they are removed and counted.
   */
  checkStore(opts: { graceMs: number }): Promise<{ problems: string[]; collectedBlobs: number }>;
  close(): Promise<void>;
}
