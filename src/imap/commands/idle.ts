// IDLE (RFC 2177): after `+ idling`, changes to the selected mailbox are announced as they are committed
// (expunges included: the client is not using message numbers while idling, §3), until DONE. In the
// authenticated state there is nothing to announce, so it only waits for DONE.
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

/** A wake-up that never comes: nothing is selected. */
const nothingSelected = (): Promise<void> => new Promise<void>(() => {});

export const idle = defineCommand({
  name: 'IDLE',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state) {
    const view = state.phase === 'selected' ? state.view : null;
    const done = await ctx.idle(
      view === null ? nothingSelected : () => view.changed(),
      async () => {
        if (view === null) return;
        for (const line of await view.sync({ expunges: true })) ctx.untagged(line);
      },
    );
    return done ? { status: 'OK', text: 'IDLE terminated' } : { status: 'BAD', text: 'Expected DONE' };
  },
});
