// In-process publication of committed change events. The store publishes only after COMMIT, so a
// listener that reads the store on an event always sees the change it was told about.
import type { ChangeBus, ChangeEvent } from './types.ts';

export class LocalChangeBus implements ChangeBus {
  readonly #listeners = new Set<(event: ChangeEvent) => void>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** One listener's failure is logged and never keeps the event from the others. */
  publish(event: ChangeEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
