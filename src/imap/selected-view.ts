// The selected mailbox of one session (MailboxView, RFC 9051 §7.4, RFC 7162 §3.1.4, §3.2.10).
//
// Contract and invariants:
// - `#uids` is the message-number → UID map the client was told about: ascending, index = number − 1.
//   It changes only when sync() returns the responses that announce the change.
// - `#modseq` is the MODSEQ up to which the mailbox's changes have been read. New messages, flag
//   changes and expunges above it are read from the change log (MailService.changesSince), or, when
//   the log was trimmed below it, by comparing the full message list with `#uids`.
// - Expunges that may not be announced yet (RFC 9051 §7.5.1: not during FETCH, STORE, SEARCH) wait
//   in `#vanished`; their message numbers stay valid until the next sync that may announce them.
// - The session's own flag changes (STORE) are reported by the STORE command itself; noteOwnFlags()
//   records them so the next sync does not repeat them, while a later change by anyone still shows.
// - `recent` holds the messages \Recent in this session (recent-messages.ts): sync() claims the new
//   messages it announces and follows EXISTS with RECENT for IMAP4rev1 sessions (RFC 3501 §7.3.2).
// - Store change events only mark the view dirty and wake changed() (IDLE); the data always comes from
//   the store, so an event missed or coalesced loses nothing. Syncs run one at a time.
import type { MailService, MessageFlags } from '../mail/index.ts';
import { StoreOpError } from '../store/types.ts';
import type { MailboxView } from './mailbox-view.ts';
import { RecentMessages, recentSource } from './recent-messages.ts';
import { expandSequenceSet, formatSequenceSet, type SequenceSet } from './wire/index.ts';

export interface SelectedViewInit {
  readonly mail: MailService;
  readonly mailboxId: number;
  readonly name: string;
  readonly readOnly: boolean;
  readonly uidValidity: number;
  /** The mailbox's HIGHESTMODSEQ read before `entries`, so no change between the two reads is lost. */
  readonly highestModseq: number;
  /** The mailbox's messages in UID order. */
  readonly entries: readonly MessageFlags[];
  /** Extensions enabled in the session now (CONDSTORE adds MODSEQ to FETCH, QRESYNC turns EXPUNGE into VANISHED). */
  readonly enabled: () => ReadonlySet<string>;
  /** The mailbox's first UID no session has claimed as \Recent, read before `entries` (see recent-messages.ts). */
  readonly firstRecentUid: number;
}

interface Changes {
  highestModseq: number;
  changed: MessageFlags[];
  expunged: number[];
}

export class SelectedView implements MailboxView {
  readonly mailboxId: number;
  readonly name: string;
  readonly readOnly: boolean;
  readonly uidValidity: number;
  readonly recent: RecentMessages;
  readonly #mail: MailService;
  readonly #enabled: () => ReadonlySet<string>;
  #uids: number[];
  #modseq: number;
  readonly #vanished = new Set<number>();
  readonly #ownFlags = new Map<number, number>();
  #saved: number[] = [];
  #dirty = false;
  #wakers: Array<() => void> = [];
  #queue: Promise<unknown> = Promise.resolve();
  readonly #unsubscribe: () => void;

  constructor(init: SelectedViewInit) {
    this.mailboxId = init.mailboxId;
    this.name = init.name;
    this.readOnly = init.readOnly;
    this.uidValidity = init.uidValidity;
    this.#mail = init.mail;
    this.#enabled = init.enabled;
    this.#uids = init.entries.map((entry) => entry.uid);
    this.#modseq = init.highestModseq;
    // RFC 9051 Appendix E: IMAP4rev2 removed \Recent.
    const tracked = (): boolean => !isEnabled(init.enabled(), 'IMAP4rev2');
    this.recent = new RecentMessages(recentSource(init.mail, init.mailboxId, init.readOnly, tracked), init.firstRecentUid);
    this.#unsubscribe = init.mail.changes.subscribe((event) => {
      if (!('mailboxId' in event) || event.mailboxId !== this.mailboxId) return;
      this.#dirty = true;
      const wakers = this.#wakers;
      this.#wakers = [];
      for (const wake of wakers) wake();
    });
  }

  get exists(): number {
    return this.#uids.length;
  }

  /** The MODSEQ the view has read up to. */
  get highestModseq(): number {
    return this.#modseq;
  }

  uidAt(seq: number): number | undefined {
    return this.#uids[seq - 1];
  }

  seqOf(uid: number): number | undefined {
    const index = this.#indexOf(uid);
    return index === -1 ? undefined : index + 1;
  }

  resolve(set: SequenceSet, byUid: boolean): number[] {
    if (set.kind === 'saved') return this.#saved.filter((uid) => this.#indexOf(uid) !== -1);
    if (!byUid) {
      return expandSequenceSet(set, this.#uids.length).flatMap((seq) => {
        const uid = this.#uids[seq - 1];
        return uid === undefined ? [] : [uid];
      });
    }
    // RFC 9051 §6.4.9: `*` is the highest UID in use, and `n:*` names it even when n is above it.
    const highest = this.#uids.at(-1) ?? 0;
    const picked = new Set<number>();
    for (const range of set.ranges) {
      const a = range.start === '*' ? highest : range.start;
      const b = range.end === '*' ? highest : range.end;
      const high = Math.max(a, b);
      for (let i = this.#lowerBound(Math.min(a, b)); i < this.#uids.length && this.#uids[i]! <= high; i++) picked.add(this.#uids[i]!);
    }
    return [...picked].sort((x, y) => x - y);
  }

  saveSearchResult(uids: readonly number[]): void {
    this.#saved = [...uids];
  }

  /**
   * The session reported these flag changes itself (STORE without .SILENT, RFC 9051 §6.4.6); the next
   * sync does not announce them again unless the message changed once more after `modseq`.
   */
  noteOwnFlags(uids: readonly number[], modseq: number): void {
    // Nothing else committed between what the view has read and this change (MODSEQs ascend per mailbox,
    // RFC 7162 §3.1.1): read past it instead of re-reading every changed message at the next sync.
    if (uids.length > 0 && modseq === this.#modseq + 1) {
      this.#modseq = modseq;
      return;
    }
    for (const uid of uids) this.#ownFlags.set(uid, modseq);
  }

  sync(options: { expunges: boolean }): Promise<string[]> {
    const run = this.#queue.then(() => this.#sync(options.expunges));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  changed(): Promise<void> {
    if (this.#dirty) return Promise.resolve();
    return new Promise((resolve) => this.#wakers.push(resolve));
  }

  close(): void {
    this.#unsubscribe();
    const wakers = this.#wakers;
    this.#wakers = [];
    for (const wake of wakers) wake();
  }

  async #sync(expunges: boolean): Promise<string[]> {
    this.#dirty = false;
    const changes = await this.#readChanges();
    const known = this.#uids.at(-1) ?? 0;
    for (const uid of changes.expunged) if (this.#indexOf(uid) !== -1) this.#vanished.add(uid);
    const out = expunges ? this.#announceExpunges() : [];
    const added = changes.changed.filter((entry) => entry.uid > known).map((entry) => entry.uid);
    if (added.length > 0) {
      this.#uids.push(...added);
      out.push(`${this.#uids.length} EXISTS`);
      // RFC 3501 §7.3.2: RECENT goes with EXISTS; the first session told of a message claims it (§2.3.2).
      if (await this.recent.admit(added)) out.push(`${this.recent.count} RECENT`);
    }
    const modseqs = isEnabled(this.#enabled(), 'CONDSTORE') || isEnabled(this.#enabled(), 'QRESYNC');
    for (const entry of changes.changed) {
      if (entry.uid > known || this.#vanished.has(entry.uid) || this.#ownFlags.get(entry.uid) === entry.modseq) continue;
      const seq = this.seqOf(entry.uid);
      if (seq !== undefined) out.push(flagsFetch(seq, this.recent.show(entry), modseqs));
    }
    this.#ownFlags.clear();
    this.#modseq = Math.max(this.#modseq, changes.highestModseq);
    return out;
  }

  /** RFC 9051 §7.5.1 EXPUNGE, highest number first so the others keep theirs; RFC 7162 §3.2.10 VANISHED. */
  #announceExpunges(): string[] {
    if (this.#vanished.size === 0) return [];
    const gone = [...this.#vanished];
    this.#vanished.clear();
    let out: string[];
    if (isEnabled(this.#enabled(), 'QRESYNC')) {
      out = [`VANISHED ${formatSequenceSet(gone)}`];
    } else {
      out = gone
        .map((uid) => this.seqOf(uid))
        .filter((seq): seq is number => seq !== undefined)
        .sort((a, b) => b - a)
        .map((seq) => `${seq} EXPUNGE`);
    }
    const removed = new Set(gone);
    this.recent.forget(removed);
    this.#uids = this.#uids.filter((uid) => !removed.has(uid));
    return out;
  }

  async #readChanges(): Promise<Changes> {
    try {
      const changes = await this.#mail.changesSince(this.mailboxId, this.#modseq);
      if (changes.kind === 'changes') return changes;
      // The change log was trimmed below what this view has read: compare the whole mailbox.
      const entries = await this.#mail.listFlags(this.mailboxId);
      const present = new Set(entries.map((entry) => entry.uid));
      return {
        highestModseq: changes.highestModseq,
        changed: entries.filter((entry) => entry.modseq > this.#modseq),
        expunged: this.#uids.filter((uid) => !present.has(uid)),
      };
    } catch (err) {
      // The mailbox was deleted (or renamed away by INBOX rename): every message the client knows is gone.
      if (err instanceof StoreOpError && err.code === 'not-found') return { highestModseq: this.#modseq, changed: [], expunged: [...this.#uids] };
      throw err;
    }
  }

  #indexOf(uid: number): number {
    const i = this.#lowerBound(uid);
    return this.#uids[i] === uid ? i : -1;
  }

  /** The first index whose UID is ≥ `uid`. */
  #lowerBound(uid: number): number {
    let low = 0;
    let high = this.#uids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#uids[mid]! < uid) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** `n FETCH (UID u FLAGS (…) [MODSEQ (m)])`: RFC 7162 §3.1.4 requires MODSEQ once CONDSTORE is enabled. */
export function flagsFetch(seq: number, entry: MessageFlags, withModseq: boolean): string {
  const modseq = withModseq ? ` MODSEQ (${entry.modseq})` : '';
  return `${seq} FETCH (UID ${entry.uid} FLAGS (${entry.flags.join(' ')})${modseq})`;
}

/** Capability names are case-insensitive (RFC 9051 §9 capability = atom). */
export function isEnabled(enabled: ReadonlySet<string>, capability: string): boolean {
  const wanted = capability.toUpperCase();
  for (const name of enabled) if (name.toUpperCase() === wanted) return true;
  return false;
}
