// The pickup folder over a real router and store in a temp dir (test/helpers/router-fixture.ts), with a
// fake clock the tests advance, no fs.watch and a long interval, so only the tests' own `scan()` calls
// deliver: a file is taken by the second scan at least SETTLE_MS (fake time) after the first.
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRouter, type DeliveryTarget } from '../../src/delivery/index.ts';
import { createLogger, type Logger } from '../../src/log/index.ts';
import { primaryLocalDomain, startPickupFolder, type PickupFolder, type PickupFolderOptions } from '../../src/smtp/local/index.ts';
import { NOW, OPTIONS, setup, type Fixture } from '../helpers/router-fixture.ts';

export const SETTLE_MS = 1000;
export const INTERVAL_MS = 60_000;

export interface PickupFixture {
  fx: Fixture;
  dir: string;
  pickup: PickupFolder;
  logs: Array<Record<string, unknown>>;
  /** Moves the fake clock on. */
  advance(ms: number): void;
  /** Writes pickup/NAME. */
  drop(name: string, text: string | Buffer): Promise<void>;
  /** A scan that records the files, the settle time, and a scan that delivers them. */
  deliverAll(): Promise<void>;
  /** What pickup/ holds (files and folders), sorted. */
  list(sub?: string): Promise<string[]>;
  /** The stored blob of the n-th delivery. */
  stored(n?: number): Promise<string>;
  close(): Promise<void>;
}

export interface PickupFixtureOptions {
  /** Wraps the router (to hold or fail deliveries). */
  wrap?: (router: DeliveryTarget) => DeliveryTarget;
  maxMessageSize?: number;
  maxFilesPerScan?: number;
}

export async function pickupFixture(opts: PickupFixtureOptions = {}): Promise<PickupFixture> {
  const fx = await setup();
  let now = NOW;
  const logs: Array<Record<string, unknown>> = [];
  const logger: Logger = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const router = createRouter({ mail: fx.mail, options: OPTIONS, logger, clock: () => now });
  const dir = join(fx.dir, 'pickup');
  const options: PickupFolderOptions = {
    dir,
    delivery: opts.wrap?.(router) ?? router,
    hostname: OPTIONS.hostname,
    interval: INTERVAL_MS,
    limits: () => ({ maxMessageSize: opts.maxMessageSize ?? 1_000_000, maxHeaderSize: OPTIONS.maxHeaderSize }),
    localDomain: async () => primaryLocalDomain(await fx.mail.listDomains()),
    logger,
    clock: () => now,
    settle: SETTLE_MS,
    watch: false,
    ...(opts.maxFilesPerScan === undefined ? {} : { maxFilesPerScan: opts.maxFilesPerScan }),
  };
  const pickup = startPickupFolder(options);
  // start() scans at once from a timer: let that scan run now, so it cannot land in the middle of a
  // test's own scans and fake-clock steps.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await pickup.scan();
  return {
    fx,
    dir,
    pickup,
    logs,
    advance(ms) {
      now += ms;
    },
    async drop(name, text) {
      await writeFile(join(dir, name), text);
    },
    async deliverAll() {
      await pickup.scan();
      now += SETTLE_MS;
      await pickup.scan();
    },
    async list(sub) {
      return (await readdir(sub === undefined ? dir : join(dir, sub))).sort();
    },
    async stored(n = 0) {
      const delivery = fx.deliveries[n];
      if (delivery === undefined) throw new Error(`no delivery #${n}`);
      return readFile(fx.mail.blobs.path(delivery.request.blob.hash), 'latin1');
    },
    async close() {
      await pickup.stop();
      await fx.close();
    },
  };
}

/** A message as a Windows tool writes it (CRLF) or a Linux one (LF). */
export function message(lines: readonly string[], eol: '\r\n' | '\n' = '\n'): string {
  return `${lines.join(eol)}${eol}`;
}
