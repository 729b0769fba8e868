// Simultaneous connections in all and per client address, shared by every listener of one server
// (SMTP, IMAP). Counted in this process: with `workers`, each worker enforces the limits on its own share.

export class ConnectionLimits {
  #total = 0;
  readonly #perAddress = new Map<string, number>();

  get total(): number {
    return this.#total;
  }

  /** Takes a slot for `address`, or returns false when a limit is reached. */
  tryAcquire(address: string, limits: { total: number; perAddress: number }): boolean {
    const current = this.#perAddress.get(address) ?? 0;
    if (this.#total >= limits.total || current >= limits.perAddress) return false;
    this.#total++;
    this.#perAddress.set(address, current + 1);
    return true;
  }

  release(address: string): void {
    const current = this.#perAddress.get(address) ?? 0;
    if (current <= 1) this.#perAddress.delete(address);
    else this.#perAddress.set(address, current - 1);
    this.#total--;
  }
}
