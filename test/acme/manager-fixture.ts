// The ACME manager on its own against pebble, with the clock and timers in the test's hands: our
// http/https listeners answer the challenges, certificates go to a real instance directory.
import type { TestContext } from 'node:test';
import { loadConfig } from '../../src/config/index.ts';
import { AcmeChallenges, acmeSettings, startAcmeManager, type AcmeManager, type AcmeSettings } from '../../src/tls/acme/index.ts';
import { loadTlsProvider } from '../../src/tls/index.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { createInstance } from '../helpers/instance.ts';
import { acmeConfig, acmeListeners, FakeTimers, MemorySettings, startWebListeners, type AcmeConfigOptions, type AcmeWorld } from './fixture.ts';

/** Far from every other delay, so the poll timer is told apart from the check timer. */
export const POLL_MS = 7_777_777;

export interface ManagerRun {
  readonly manager: AcmeManager;
  readonly timers: FakeTimers;
  readonly settings: AcmeSettings;
  readonly dir: string;
  readonly logs: Array<Record<string, unknown>>;
  /** How often onRenewed was called. */
  renewed(): number;
  /** Fires the pending check timer of `ms` and waits for the check to finish. */
  check(ms: number): Promise<void>;
  /** The check timers pending (the poll excluded). */
  delays(): number[];
}

export async function startManager(t: TestContext, world: AcmeWorld, options: AcmeConfigOptions = {}): Promise<ManagerRun> {
  const instance = await createInstance({ extraConfig: acmeConfig(world, options), listeners: acmeListeners(world) });
  t.after(() => instance.cleanup());
  const config = loadConfig(instance.dir);
  const settings = acmeSettings(config);
  if (settings === undefined) throw new Error('[acme] is not enabled');
  const challenges = new AcmeChallenges();
  await startWebListeners(t, world, challenges, loadTlsProvider(instance.dir, config.tls));
  const timers = new FakeTimers();
  const { logger, lines } = captureLog('debug');
  let renewed = 0;
  const manager = startAcmeManager({ instanceDir: instance.dir, settings, challenges, store: new MemorySettings(), logger, onRenewed: () => void renewed++, timers, pollIntervalMs: POLL_MS });
  t.after(() => manager.stop());
  return {
    manager,
    timers,
    settings,
    dir: instance.dir,
    logs: lines,
    renewed: () => renewed,
    check: async (ms) => {
      timers.fire(ms);
      await manager.whenIdle();
    },
    delays: () => timers.delays(POLL_MS),
  };
}
