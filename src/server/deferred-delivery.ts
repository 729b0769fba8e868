// The SMTP listeners are bound before the store is opened (a root start must bind ports 25/587/… and
// drop privileges before it creates any file), so sessions are given this target, which waits for the
// real router. Nothing reaches delivery before MAIL FROM, by which time the store is normally open.
import type { DeliveryTarget, Envelope, DeliveryTransaction } from '../delivery/types.ts';

export class DeferredDeliveryTarget implements DeliveryTarget {
  readonly #ready: Promise<DeliveryTarget>;
  #resolve!: (target: DeliveryTarget) => void;
  #reject!: (err: Error) => void;

  constructor() {
    this.#ready = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A start that failed is reported by the server; sessions waiting here get a temporary failure.
    this.#ready.catch(() => undefined);
  }

  resolve(target: DeliveryTarget): void {
    this.#resolve(target);
  }

  fail(err: Error): void {
    this.#reject(err);
  }

  async start(envelope: Envelope): Promise<DeliveryTransaction> {
    return (await this.#ready).start(envelope);
  }
}
