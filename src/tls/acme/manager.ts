// The ACME manager: keeps the certificate of `[acme] hostnames` issued and renewed while the server
// runs, and carries out `mailstead cert renew` requests.
//
// Contract:
// - start never waits for the CA: the first check runs right after, in the background, and whatever
//   certificate the server has (self-signed, imported, an older ACME one) keeps serving until an
//   issuance succeeds.
// - A check (at start, then every 12 hours) renews when the stored certificate is missing, lacks a
//   configured name, came from another CA or expires within `renew_before` (schedule.ts). A success is written to the
//   certificate store (`certs/live/<first hostname>/`) and then `onRenewed()` is called, which makes
//   the listeners use it for new connections. A failure is logged with the CA's detail and retried
//   after 1 minute, doubling up to 6 hours.
// - Renewals run one at a time, in the order asked for; a `cert renew` request is picked up from the
//   store within `pollIntervalMs` and answered with its outcome (renew-requests.ts).
// - The clock and timers are injected (`timers`), so tests drive the schedule without waiting.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Logger } from '../../log/index.ts';
import { writeCertificate } from '../cert-store.ts';
import type { AcmeChallenges } from './challenges.ts';
import { issueCertificate } from './issue.ts';
import { findIssuingDirectory, recordIssuingDirectory } from './issued.ts';
import { RenewRequestInbox, type RenewOutcome, type SettingsStore } from './renew-requests.ts';
import { CHECK_INTERVAL_MS, renewalReason, retryDelay, type RenewalReason } from './schedule.ts';
import { acmeCertificateName, type AcmeSettings } from './settings.ts';
import { readStoredCertificate } from './stored-certificate.ts';

/** The clock and timers the manager runs on; tests pass fakes. */
export interface AcmeTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: AcmeTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface AcmeManagerOptions {
  readonly instanceDir: string;
  readonly settings: AcmeSettings;
  /** Shared with the http/https listeners, which answer the challenges. */
  readonly challenges: AcmeChallenges;
  /** Where `cert renew` requests arrive (the mail service's settings). */
  readonly store: SettingsStore;
  readonly logger: Logger;
  /** Called after a new certificate is in the store: reload the TLS provider. */
  readonly onRenewed: () => void | Promise<void>;
  readonly timers?: AcmeTimers;
  /** How often the store is asked for `cert renew` requests; default 3 s. */
  readonly pollIntervalMs?: number;
}

export interface AcmeManager {
  /** Renews now, after any renewal in progress; resolves with the outcome (never rejects). */
  renewNow(): Promise<RenewOutcome>;
  /** Resolves once no renewal is running or queued. */
  whenIdle(): Promise<void>;
  /** No further checks or polls; waits up to 10 s for a renewal in progress. */
  stop(): Promise<void>;
}

export const DEFAULT_POLL_INTERVAL_MS = 3000;
const STOP_GRACE_MS = 10_000;

export function startAcmeManager(options: AcmeManagerOptions): AcmeManager {
  const manager = new Manager(options);
  manager.start();
  return manager;
}

class Manager implements AcmeManager {
  readonly #options: AcmeManagerOptions;
  readonly #timers: AcmeTimers;
  readonly #logger: Logger;
  readonly #name: string;
  readonly #inbox: RenewRequestInbox;
  /** Consecutive failed attempts; 0 after a success. */
  #failures = 0;
  #checkTimer: unknown;
  #pollTimer: unknown;
  /** The tail of the renewal queue. */
  #queue: Promise<unknown> = Promise.resolve();
  #polling: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: AcmeManagerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#logger = options.logger.child({ component: 'acme' });
    this.#name = acmeCertificateName(options.settings);
    this.#inbox = new RenewRequestInbox(options.store);
  }

  start(): void {
    const { settings } = this.#options;
    this.#logger.info({ directory: settings.directoryUrl, hostnames: settings.hostnames, challenge: settings.challenge }, 'ACME certificate management started');
    this.#scheduleCheck(0);
    this.#schedulePoll();
  }

  renewNow(): Promise<RenewOutcome> {
    return this.#enqueue(() => this.#check('requested'));
  }

  async whenIdle(): Promise<void> {
    let tail: Promise<unknown>;
    do {
      tail = this.#queue;
      await tail;
    } while (tail !== this.#queue);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timers.clearTimeout(this.#checkTimer);
    this.#timers.clearTimeout(this.#pollTimer);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((done) => (timer = setTimeout(done, STOP_GRACE_MS)));
    await Promise.race([Promise.all([this.whenIdle(), this.#polling]), grace]);
    clearTimeout(timer);
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }

  #scheduleCheck(ms: number): void {
    if (this.#stopped) return;
    this.#timers.clearTimeout(this.#checkTimer);
    this.#checkTimer = this.#timers.setTimeout(() => void this.#enqueue(() => this.#check(undefined)), ms);
  }

  #schedulePoll(): void {
    if (this.#stopped) return;
    this.#pollTimer = this.#timers.setTimeout(() => {
      this.#polling = this.#poll().finally(() => this.#schedulePoll());
    }, this.#options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  }

  /** One `cert renew` request, if one waits. */
  async #poll(): Promise<void> {
    const { settings } = this.#options;
    try {
      const request = await this.#inbox.take(this.#timers.now());
      if (request === undefined) return;
      this.#logger.info({ request: request.number, host: request.host }, 'certificate renewal requested');
      const outcome =
        request.host !== null && !settings.hostnames.includes(request.host.toLowerCase())
          ? { ok: false, detail: `${request.host} is not one of the [acme] hostnames (${settings.hostnames.join(', ')})`, finishedAt: this.#timers.now() }
          : await this.#enqueue(() => this.#check('requested'));
      await this.#inbox.finish(request.number, outcome);
    } catch (err) {
      if (!this.#stopped) this.#logger.warn({ err: (err as Error).message }, 'could not read certificate renewal requests from the store');
    }
  }

  /** Renews when due (or `requested`); schedules the next check either way. */
  async #check(requested: 'requested' | undefined): Promise<RenewOutcome> {
    const { instanceDir, settings } = this.#options;
    if (this.#stopped) return { ok: false, detail: 'the server is stopping', finishedAt: this.#timers.now() };
    const stored = await readStoredCertificate(instanceDir, this.#name);
    const issuedBy = await findIssuingDirectory(instanceDir, this.#name).catch(() => undefined);
    const reason: RenewalReason | undefined = requested ?? renewalReason(stored, issuedBy, settings, this.#timers.now());
    if (reason === undefined) {
      const notAfter = stored.kind === 'present' ? stored.notAfter : undefined;
      this.#logger.debug({ name: this.#name, notAfter: notAfter === undefined ? undefined : new Date(notAfter).toISOString() }, 'certificate not due for renewal');
      this.#scheduleCheck(CHECK_INTERVAL_MS);
      return { ok: true, detail: 'not due for renewal', ...(notAfter === undefined ? {} : { notAfter }), finishedAt: this.#timers.now() };
    }
    if (stored.kind === 'unreadable') this.#logger.warn({ name: this.#name, err: stored.detail }, 'stored certificate unreadable');
    this.#logger.info({ hostnames: settings.hostnames, reason, directory: settings.directoryUrl }, 'requesting a certificate');
    try {
      return await this.#renew();
    } catch (err) {
      this.#failures++;
      const delay = retryDelay(this.#failures);
      const detail = (err as Error).message || String(err);
      const retryAt = new Date(this.#timers.now() + delay).toISOString();
      this.#logger.error({ hostnames: settings.hostnames, err: detail, failures: this.#failures, retryInSeconds: delay / 1000, retryAt }, 'certificate request failed');
      this.#scheduleCheck(delay);
      return { ok: false, detail, finishedAt: this.#timers.now() };
    }
  }

  async #renew(): Promise<RenewOutcome> {
    const { instanceDir, settings, challenges } = this.#options;
    const issued = await issueCertificate({ instanceDir, settings, challenges, caPem: await this.#readCaFile(), logger: this.#logger });
    // An order that finished after stop() (its grace ran out) must not write into a server shutting down.
    if (this.#stopped) return { ok: false, detail: 'the server is stopping', finishedAt: this.#timers.now() };
    await writeCertificate(instanceDir, this.#name, issued);
    await recordIssuingDirectory(instanceDir, this.#name, settings.directoryUrl, this.#timers.now());
    const stored = await readStoredCertificate(instanceDir, this.#name);
    const notAfter = stored.kind === 'present' ? stored.notAfter : undefined;
    this.#failures = 0;
    const until = notAfter === undefined ? 'unknown' : new Date(notAfter).toISOString();
    this.#logger.info({ name: this.#name, hostnames: settings.hostnames, notAfter: until }, 'certificate issued');
    try {
      await this.#options.onRenewed();
    } catch (err) {
      this.#logger.error({ name: this.#name, err: (err as Error).message }, 'the new certificate is stored but could not be loaded');
    }
    this.#scheduleCheck(CHECK_INTERVAL_MS);
    return { ok: true, detail: `certificate for ${settings.hostnames.join(', ')} valid until ${until}`, ...(notAfter === undefined ? {} : { notAfter }), finishedAt: this.#timers.now() };
  }

  async #readCaFile(): Promise<string | undefined> {
    const { caFile } = this.#options.settings;
    if (caFile === undefined) return undefined;
    const path = resolve(this.#options.instanceDir, caFile);
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read acme.ca_file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
}
