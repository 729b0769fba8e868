// The messages that are \Recent in this session (RFC 3501 §2.3.2): session memory only, lost at
// logout as the RFC allows. IMAP4rev2 removed \Recent (RFC 9051 Appendix E), so a session that
// enabled it neither claims nor shows any.
//
// Contract and invariants:
// - UIDs below `#claimedTo` have been classified: recent here iff in `#recent` or in a range of
//   `#ranges` not yet met. A new UID at or above it needs a claim first (the mailbox's watermark, see
//   mail/ops/recent.ts), which a read-only session (EXAMINE, RFC 3501 §6.3.2: "MUST NOT cause messages to
//   lose the \Recent flag") replaces by a look at the watermark without moving it.
// - UIDs are admitted in ascending order, each once (SELECT's list, then what each sync adds), so a
//   range wholly below the highest admitted UID can never match again and is dropped.
import type { MailService, MessageFlags, RecentClaim } from '../mail/index.ts';

export interface RecentSource {
  /** Whether the session tracks \Recent now (IMAP4rev1 only). */
  readonly tracked: () => boolean;
  /** Claims (or, read-only, looks at) the unclaimed UIDs of the mailbox. */
  readonly claim: () => Promise<RecentClaim>;
}

/**
 * Where a selected mailbox's \Recent comes from: a claim for a read-write SELECT, a look at the
 * watermark for EXAMINE (RFC 3501 §6.3.2: EXAMINE "MUST NOT cause messages to lose the \Recent flag").
 */
export function recentSource(mail: MailService, mailboxId: number, readOnly: boolean, tracked: () => boolean): RecentSource {
  const claim = readOnly
    ? async (): Promise<RecentClaim> => {
        const status = await mail.mailboxStatus(mailboxId);
        return { first: status.firstRecentUid, next: status.uidNext };
      }
    : () => mail.claimRecent(mailboxId);
  return { tracked, claim };
}

export class RecentMessages {
  readonly #source: RecentSource;
  readonly #recent = new Set<number>();
  #ranges: RecentClaim[] = [];
  #claimedTo: number;

  /** `firstRecentUid`: the mailbox's watermark as read at SELECT; UIDs below it are recent for no new session. */
  constructor(source: RecentSource, firstRecentUid: number) {
    this.#source = source;
    this.#claimedTo = firstRecentUid;
  }

  /** Messages recent in this session that it still knows (the `n RECENT` response, RFC 3501 §7.3.2). */
  get count(): number {
    return this.#recent.size;
  }

  /** Whether the session shows \Recent at all. */
  get tracked(): boolean {
    return this.#source.tracked();
  }

  has(uid: number): boolean {
    return this.#recent.has(uid);
  }

  /** The message as this session shows it: `\Recent` after its system flags where it is recent here. */
  show<T extends MessageFlags>(entry: T): T {
    if (this.#recent.size === 0 || !this.#recent.has(entry.uid) || !this.tracked) return entry;
    // Stored flags list system flags before keywords (mail/flags.ts); \Recent joins the system flags.
    const keywords = entry.flags.findIndex((flag) => !flag.startsWith('\\'));
    const at = keywords === -1 ? entry.flags.length : keywords;
    return { ...entry, flags: [...entry.flags.slice(0, at), '\\Recent', ...entry.flags.slice(at)] };
  }

  /** The recent UIDs, ascending (SEARCH RECENT). */
  uids(): number[] {
    return [...this.#recent].sort((a, b) => a - b);
  }

  /**
   * Classifies UIDs newly known to the session (ascending), claiming first when one is at or above
   * what this session has claimed. Returns false when the session does not track \Recent.
   */
  async admit(uids: readonly number[]): Promise<boolean> {
    if (!this.tracked) return false;
    const highest = uids.at(-1);
    if (highest === undefined) return true;
    if (highest >= this.#claimedTo) {
      const claim = await this.#source.claim();
      if (claim.next > claim.first) this.#ranges.push(claim);
      this.#claimedTo = Math.max(this.#claimedTo, claim.next);
    }
    for (const uid of uids) if (this.#ranges.some((range) => uid >= range.first && uid < range.next)) this.#recent.add(uid);
    this.#ranges = this.#ranges.filter((range) => range.next > highest + 1);
    return true;
  }

  /** The session announced these expunges: they no longer count. */
  forget(uids: Iterable<number>): void {
    for (const uid of uids) this.#recent.delete(uid);
  }
}
