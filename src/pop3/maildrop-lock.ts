// RFC 1939 §8: one session at a time holds a maildrop; a second login gets `-ERR [IN-USE]` (RFC 2449
// §8.1.1). The lock is in this process's memory, which is enough for one process: with `workers`,
// it must move into the store (a lease row per account, like the queue's leases).

export class MaildropLocks {
  readonly #held = new Set<number>();

  /** Takes the lock of `accountId`; false when another session holds it. */
  tryAcquire(accountId: number): boolean {
    if (this.#held.has(accountId)) return false;
    this.#held.add(accountId);
    return true;
  }

  release(accountId: number): void {
    this.#held.delete(accountId);
  }
}
