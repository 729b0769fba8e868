// The pickup folder (as the Windows Server SMTP service's pickup directory): `.eml` files dropped into
// `pickup/` of the instance directory are trusted local submissions (only administrators can write
// there), delivered by pickup-file.ts.
//
// When a file is taken (the rule for administrators, docs/sending.md):
// - only names ending in `.eml` (any case) that do not start with a dot; other files, dot files and
//   the `bad/` folder are left alone, so a writer can write `x.tmp` or `.x.eml` and rename it;
// - only once two looks at least `settle` (2 s) apart have seen the same size and modification time.
//   A file still being written keeps changing, so it is not read early; the rule does not compare
//   modification times with our clock, so it also holds on a network share with another clock.
//   A writer that may pause longer than that mid-file must write under another name and rename.
//
// Scans run at start, every `interval`, and shortly after file-system notifications (fs.watch,
// debounced; where it is not available the interval alone finds files). Scans never overlap: `scan()`
// runs after the one in progress. A scan delivers at most `maxFilesPerScan` files (oldest first) and
// then schedules the next one at once. A file that failed temporarily is tried again after `interval`,
// doubling with each failure in a row up to an hour, so a file stuck behind a full mailbox neither
// floods the log nor is given up on.
// `stop()` ends watching and timers and waits for the file being delivered.
import { mkdirSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryTarget } from '../../delivery/types.ts';
import type { Logger } from '../../log/index.ts';
import { deliverPickupFile, type PickupFileResult } from './pickup-file.ts';
import type { LocalLimits } from './submit.ts';

export interface PickupFolderOptions {
  /** The pickup folder (`pickup/` of the instance directory); created when missing. */
  dir: string;
  delivery: DeliveryTarget;
  /** Our hostname, in the Received line. */
  hostname: string;
  /** ms between scans (`pickup.interval`). */
  interval: number;
  /** Read for every scan, so a reload applies. */
  limits: () => LocalLimits;
  /** The primary local domain, appended to bare names; read for every scan. */
  localDomain: () => Promise<string | null>;
  logger: Logger;
  /** ms since epoch. */
  clock?: () => number;
  /** ms a file's size and modification time must stay the same before it is taken. Default 2000. */
  settle?: number;
  /** Default 100. */
  maxFilesPerScan?: number;
  /** Scan on file-system notifications too. Default true. */
  watch?: boolean;
}

export interface PickupFolder {
  /** One scan, after the one in progress (if any). */
  scan(): Promise<void>;
  /** No more scans; resolves once the file being delivered is done. */
  stop(): Promise<void>;
}

const DEFAULT_SETTLE_MS = 2000;
const DEFAULT_MAX_FILES = 100;
const DEBOUNCE_MS = 200;
const MAX_RETRY_DELAY_MS = 3_600_000;

/** A name the pickup folder delivers: `*.eml`, not a dot file. */
export function isPickupName(name: string): boolean {
  return !name.startsWith('.') && /\.eml$/i.test(name);
}

interface SeenFile {
  size: number;
  mtimeMs: number;
  /** When this size and mtime were first seen. */
  since: number;
  /** Not before this time (after a temporary failure). */
  retryAt: number;
  /** Temporary failures in a row. */
  failures: number;
  /** Delivered but not removable: never delivered again while unchanged. */
  kept: boolean;
}

export function startPickupFolder(options: PickupFolderOptions): PickupFolder {
  const scanner = new PickupScanner(options);
  scanner.start();
  return scanner;
}

class PickupScanner implements PickupFolder {
  readonly #options: PickupFolderOptions;
  readonly #clock: () => number;
  readonly #settle: number;
  readonly #maxFiles: number;
  readonly #seen = new Map<string, SeenFile>();
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;
  #timerDue = 0;
  #watcher: FSWatcher | null = null;
  #stopped = false;

  constructor(options: PickupFolderOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#settle = options.settle ?? DEFAULT_SETTLE_MS;
    this.#maxFiles = options.maxFilesPerScan ?? DEFAULT_MAX_FILES;
  }

  /** Never throws: a folder that cannot be created or watched is logged, and scans report it again. */
  start(): void {
    const { dir, logger } = this.#options;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      logger.error({ err }, 'cannot create the pickup folder');
    }
    if (this.#options.watch ?? true) {
      try {
        this.#watcher = watch(dir, { persistent: false }, (_event, filename) => {
          if (filename === null || isPickupName(filename)) this.#schedule(DEBOUNCE_MS);
        });
        this.#watcher.on('error', (err) => {
          logger.warn({ err }, 'watching the pickup folder failed; scanning every interval only');
          this.#watcher?.close();
          this.#watcher = null;
        });
      } catch (err) {
        logger.warn({ err }, 'cannot watch the pickup folder; scanning every interval only');
      }
    }
    logger.info({ dir, interval: this.#options.interval }, 'pickup folder started');
    this.#schedule(0);
  }

  scan(): Promise<void> {
    const run = this.#chain.then(() => this.#scanOnce());
    this.#chain = run.catch(() => {});
    return run;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#watcher?.close();
    this.#watcher = null;
    await this.#chain;
  }

  /** A scan in `delayMs` (real time), unless one is due sooner. */
  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    const due = Date.now() + delayMs;
    if (this.#timer !== null) {
      if (this.#timerDue <= due) return;
      clearTimeout(this.#timer);
    }
    this.#timerDue = due;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.scan().catch((err: unknown) => this.#options.logger.error({ err }, 'scanning the pickup folder failed'));
    }, delayMs);
  }

  async #scanOnce(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.#deliverReady();
    } finally {
      this.#schedule(this.#options.interval);
    }
  }

  async #deliverReady(): Promise<void> {
    const { ready, nextSettled } = await this.#look();
    if (nextSettled !== null) this.#schedule(Math.max(0, nextSettled - this.#clock()));
    if (ready.length === 0) return;
    const batch = ready.slice(0, this.#maxFiles);
    const { logger } = this.#options;
    let localDomain: string | null;
    try {
      localDomain = await this.#options.localDomain();
    } catch (err) {
      logger.warn({ err }, 'pickup folder: the store is not available, trying again later');
      return;
    }
    const context = {
      dir: this.#options.dir,
      delivery: this.#options.delivery,
      hostname: this.#options.hostname,
      limits: this.#options.limits(),
      localDomain,
      logger,
      clock: this.#clock,
    };
    for (const file of batch) {
      if (this.#stopped) return;
      let result: PickupFileResult;
      try {
        result = await deliverPickupFile(file.name, file.size, context);
      } catch (err) {
        logger.error({ err, file: file.name }, 'pickup file not delivered, trying again later');
        result = 'retry';
      }
      const seen = this.#seen.get(file.name);
      if (result === 'retry' && seen !== undefined) {
        seen.failures++;
        seen.retryAt = this.#clock() + Math.min(this.#options.interval * 2 ** (seen.failures - 1), MAX_RETRY_DELAY_MS);
      }
      else if (result === 'kept' && seen !== undefined) seen.kept = true;
      else this.#seen.delete(file.name);
    }
    if (ready.length > batch.length) this.#schedule(0);
  }

  /** Lists the folder: the files ready to deliver (oldest first), and when the next one settles. */
  async #look(): Promise<{ ready: Array<{ name: string; size: number; mtimeMs: number }>; nextSettled: number | null }> {
    const { dir } = this.#options;
    const now = this.#clock();
    const entries = await readdir(dir, { withFileTypes: true });
    const names = entries.filter((entry) => entry.isFile() && isPickupName(entry.name)).map((entry) => entry.name);
    const present = new Set(names);
    for (const name of this.#seen.keys()) if (!present.has(name)) this.#seen.delete(name);
    const ready: Array<{ name: string; size: number; mtimeMs: number }> = [];
    let nextSettled = Infinity;
    for (const name of names) {
      let info: Stats;
      try {
        info = await stat(join(dir, name));
      } catch {
        continue;
      }
      const seen = this.#seen.get(name);
      if (seen === undefined || seen.size !== info.size || seen.mtimeMs !== info.mtimeMs) {
        this.#seen.set(name, { size: info.size, mtimeMs: info.mtimeMs, since: now, retryAt: 0, failures: 0, kept: false });
        nextSettled = Math.min(nextSettled, now + this.#settle);
      } else if (!seen.kept && now >= seen.retryAt) {
        if (now - seen.since >= this.#settle) ready.push({ name, size: info.size, mtimeMs: info.mtimeMs });
        else nextSettled = Math.min(nextSettled, seen.since + this.#settle);
      }
    }
    ready.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ready, nextSettled: Number.isFinite(nextSettled) ? nextSettled : null };
  }
}
