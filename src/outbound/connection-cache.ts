// Connection reuse and the per-destination connection limit for outbound SMTP (Postfix's scache and
// destination concurrency, in one small in-process object).
//
// A destination (the next hop's key) has at most `maxPerDestination` connections open, busy or idle.
// A delivery first takes a lease: either an idle connection of the same destination and the same
// `compat` key (same TLS/AUTH policy), or a free slot to open a new one in, or it waits in FIFO order
// until a lease is released (at most `waitMs`, then null). Releasing parks a still-usable connection
// as idle for `idleMs`, unless it has carried `maxMessages` messages; otherwise the connection is
// closed and the slot freed. An idle connection of another `compat` key gives its slot up to a waiter.
//
// Invariants: `open` counts every connection the destination holds (leased + idle), never exceeds the
// limit, and drops back as connections close; each lease is released exactly once (a second release is
// ignored); timers are unref'd so an idle connection never keeps the process alive. The cache does not
// check a reused connection beyond `usable`: the caller sends RSET (RFC 5321 §4.1.1.5) before reuse.

import type { ConnectionReuse } from './transfer-options.ts';

export interface PooledConnection {
  /** Still open and in a known state. */
  readonly usable: boolean;
  /** Ends the connection politely (QUIT) and frees its resources; never throws. */
  close(): void;
}

export interface ConnectionLease<C extends PooledConnection> {
  /** An idle connection to reuse, or null: this lease holds a slot to open a new one. */
  readonly connection: C | null;
  /** Hands the slot back with the connection used under it (null if none could be opened). */
  release(connection: C | null, reusable: boolean): void;
}

interface IdleEntry<C> {
  connection: C;
  compat: string;
  timer: NodeJS.Timeout;
}

interface Waiter<C extends PooledConnection> {
  compat: string;
  resolve: (lease: ConnectionLease<C> | null) => void;
  timer: NodeJS.Timeout;
}

interface DestinationState<C extends PooledConnection> {
  open: number;
  idle: IdleEntry<C>[];
  waiters: Waiter<C>[];
}

export class ConnectionCache<C extends PooledConnection> {
  readonly #limits: ConnectionReuse;
  readonly #destinations = new Map<string, DestinationState<C>>();
  readonly #uses = new WeakMap<C, number>();
  #closed = false;

  constructor(limits: ConnectionReuse) {
    this.#limits = limits;
  }

  /** A lease for `destination`, or null after waiting `waitMs` for one (or once the cache is closed). */
  acquire(destination: string, compat: string): Promise<ConnectionLease<C> | null> {
    if (this.#closed) return Promise.resolve(null);
    const state = this.#state(destination);
    const lease = this.#tryLease(destination, state, compat);
    if (lease) return Promise.resolve(lease);
    return new Promise((resolve) => {
      const waiter: Waiter<C> = {
        compat,
        resolve,
        timer: setTimeout(() => {
          state.waiters.splice(state.waiters.indexOf(waiter), 1);
          this.#forget(destination, state);
          resolve(null);
        }, this.#limits.waitMs).unref(),
      };
      state.waiters.push(waiter);
    });
  }

  /** Connections open to `destination` (busy and idle) and how many of them are idle. */
  count(destination: string): { open: number; idle: number; waiting: number } {
    const state = this.#destinations.get(destination);
    return { open: state?.open ?? 0, idle: state?.idle.length ?? 0, waiting: state?.waiters.length ?? 0 };
  }

  /** Closes idle connections, turns waiters away; connections released later are closed. */
  close(): void {
    this.#closed = true;
    for (const [destination, state] of this.#destinations) {
      for (const entry of state.idle.splice(0)) this.#closeIdle(state, entry);
      for (const waiter of state.waiters.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.resolve(null);
      }
      this.#forget(destination, state);
    }
  }

  #tryLease(destination: string, state: DestinationState<C>, compat: string): ConnectionLease<C> | null {
    // Most recently used first: the likeliest to still be open at the server.
    for (let i = state.idle.length - 1; i >= 0; i--) {
      const entry = state.idle[i]!;
      if (entry.compat !== compat) continue;
      state.idle.splice(i, 1);
      clearTimeout(entry.timer);
      if (entry.connection.usable) return this.#lease(destination, state, compat, entry.connection);
      this.#closeIdle(state, entry);
    }
    if (state.open >= this.#limits.maxPerDestination) {
      const other = state.idle.shift();
      if (!other) return null;
      this.#closeIdle(state, other);
    }
    state.open++;
    return this.#lease(destination, state, compat, null);
  }

  #lease(destination: string, state: DestinationState<C>, compat: string, connection: C | null): ConnectionLease<C> {
    let released = false;
    return {
      connection,
      release: (used, reusable) => {
        if (released) return;
        released = true;
        this.#release(destination, state, compat, used, reusable);
      },
    };
  }

  #release(destination: string, state: DestinationState<C>, compat: string, connection: C | null, reusable: boolean): void {
    const uses = connection ? (this.#uses.get(connection) ?? 0) + 1 : 0;
    if (connection && reusable && !this.#closed && connection.usable && uses < this.#limits.maxMessages) {
      this.#uses.set(connection, uses);
      const entry: IdleEntry<C> = {
        connection,
        compat,
        timer: setTimeout(() => {
          state.idle.splice(state.idle.indexOf(entry), 1);
          this.#closeIdle(state, entry);
          this.#wake(destination, state);
        }, this.#limits.idleMs).unref(),
      };
      state.idle.push(entry);
    } else {
      connection?.close();
      state.open--;
    }
    this.#wake(destination, state);
  }

  #wake(destination: string, state: DestinationState<C>): void {
    while (state.waiters.length > 0) {
      const waiter = state.waiters[0]!;
      const lease = this.#tryLease(destination, state, waiter.compat);
      if (!lease) break;
      state.waiters.shift();
      clearTimeout(waiter.timer);
      waiter.resolve(lease);
    }
    this.#forget(destination, state);
  }

  #closeIdle(state: DestinationState<C>, entry: IdleEntry<C>): void {
    clearTimeout(entry.timer);
    entry.connection.close();
    state.open--;
  }

  #state(destination: string): DestinationState<C> {
    let state = this.#destinations.get(destination);
    if (!state) {
      state = { open: 0, idle: [], waiters: [] };
      this.#destinations.set(destination, state);
    }
    return state;
  }

  #forget(destination: string, state: DestinationState<C>): void {
    if (state.open === 0 && state.waiters.length === 0 && this.#destinations.get(destination) === state) this.#destinations.delete(destination);
  }
}
