// The main thread's side of the writer thread: sends named operations, matches replies to requests,
// publishes a committed operation's events before its write() resolves, and shuts the thread down
// only after every pending write has been answered.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../log/index.ts';
import type { ChangeEvent } from '../types.ts';
import { moduleUrl } from '../module-url.ts';
import { fromWireError, type FromWriter, type OpReply, type ToWriter, type WriterInit } from './writer-protocol.ts';

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** Counters for tests and diagnostics: transactions < operations shows group commit at work. */
export interface WriterStats {
  transactions: number;
  operations: number;
}

export class WriterClient {
  readonly #worker: Worker;
  readonly #logger: Logger | undefined;
  readonly #publish: (event: ChangeEvent) => void;
  readonly #pending = new Map<number, Pending>();
  readonly #stats: WriterStats = { transactions: 0, operations: 0 };
  readonly #exited: Promise<void>;
  #nextId = 1;
  #failure: Error | undefined;
  #closing = false;
  #whenIdle: (() => void) | undefined;

  private constructor(worker: Worker, logger: Logger | undefined, publish: (event: ChangeEvent) => void) {
    this.#worker = worker;
    this.#logger = logger;
    this.#publish = publish;
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Starts the writer thread; resolves once it has opened the database and loaded the operations. */
  static async start(init: WriterInit, logger: Logger | undefined, publish: (event: ChangeEvent) => void): Promise<WriterClient> {
    const worker = new Worker(moduleUrl(import.meta.url, './writer-thread'), { workerData: init });
    const client = new WriterClient(worker, logger, publish);
    await new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (message: FromWriter) => {
        if (message.type === 'ready') {
          started = true;
          resolve();
        } else if (message.type === 'failed') {
          reject(new Error(`store writer failed to start: ${message.message}`));
        } else {
          client.#receive(message);
        }
      });
      worker.on('error', (error) => (started ? client.#fail(error) : reject(error)));
      worker.on('exit', (code) => {
        if (!started) reject(new Error(`store writer exited during start (code ${code})`));
        else if (!client.#closing) client.#fail(new Error(`store writer exited unexpectedly (code ${code})`));
      });
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    // An idle writer must not keep the process alive; it is referenced while writes are pending.
    worker.unref();
    return client;
  }

  get stats(): WriterStats {
    return { ...this.#stats };
  }

  submit(op: string, args: unknown): Promise<unknown> {
    if (this.#closing) return Promise.reject(new Error('store is closed'));
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const message: ToWriter = { type: 'op', id, op, args };
    return new Promise((resolve, reject) => {
      this.#worker.postMessage(message);
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
    });
  }

  /** Waits for every pending write's reply, then lets the writer close its connection and exit. */
  async close(): Promise<void> {
    if (this.#closing) return this.#exited;
    this.#closing = true;
    if (this.#pending.size > 0) await new Promise<void>((resolve) => (this.#whenIdle = resolve));
    if (!this.#failure) {
      this.#worker.ref();
      const close: ToWriter = { type: 'close' };
      this.#worker.postMessage(close);
      await this.#exited;
    } else {
      await this.#worker.terminate();
    }
  }

  #receive(message: FromWriter): void {
    if (message.type === 'log') {
      this.#logger?.error({ err: { message: message.message, stack: message.stack } }, 'store writer error');
      return;
    }
    if (message.type !== 'batch') return;
    this.#stats.transactions++;
    this.#stats.operations += message.replies.length;
    for (const reply of message.replies) this.#settle(reply);
    this.#afterSettle();
  }

  #settle(reply: OpReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (!reply.ok) {
      pending.reject(fromWireError(reply.error));
      return;
    }
    for (const event of reply.events) this.#publish(event);
    pending.resolve(reply.result);
  }

  #afterSettle(): void {
    if (this.#pending.size > 0) return;
    this.#worker.unref();
    this.#whenIdle?.();
  }

  /** The writer is gone: every pending and future write fails with the cause. */
  #fail(error: Error): void {
    this.#logger?.error({ err: error }, 'store writer stopped');
    this.#failure ??= error;
    for (const pending of this.#pending.values()) pending.reject(this.#failure);
    this.#pending.clear();
    this.#afterSettle();
  }
}
