// The queue's delivery loop (DESIGN.md "Messages through the system"): lease due entries, group them by
// message and recipient domain (one SMTP transaction per group), attempt each group, record every
// attempt, and then retry (the schedule), bounce (a 5xx, the lifetime limit, `queue bounce`), warn of
// delay (once, after `delay_warning`) or report success (NOTIFY=SUCCESS).
//
// Scheduling: a pass runs when woken — a new queue entry in this process, a timer at the next due time
// — and at least every POLL_MS, which picks up entries that other processes queued (`mailstead
// sendmail`, other nodes). Passes never overlap. Leases outlive the slowest attempt (LEASE_MS), so a
// runner that dies mid-attempt leaves its entries to be taken again once the lease has run out.
//
// Crash recovery: a runner's lease owner names its host and process (`host:pid:random`). At start, the
// leases of runners on this host whose process no longer exists are released at once, so a restart after
// a crash does not wait LEASE_MS; leases of other hosts' runners only expire.
//
// Order of effects per group: the attempt is recorded (settleQueue) before its notifications are sent,
// so a crash between them can lose a notification but never send a message twice.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { splitAddress } from '../delivery/index.ts';
import type { Logger } from '../log/index.ts';
import type { MailService, QueueEntry, QueueSettlement } from '../mail/index.ts';
import { notifyWanted, type DsnRecipient } from './dsn.ts';
import { attemptDelivery, type AttemptDeps, type EntryOutcome } from './attempt.ts';
import type { Notifier } from './notifications.ts';
import { expired, nextAttemptAt } from './schedule.ts';

export interface QueueSettings {
  retrySchedule: readonly number[];
  maxLifetime: number;
  /** 0: no delay warnings. */
  delayWarning: number;
  concurrency: number;
}

export interface QueueRunnerDeps extends Omit<AttemptDeps, 'blobs'> {
  mail: MailService;
  settings: () => QueueSettings;
  notify: Notifier;
  /** No passes of its own (no timer, no wake on new entries): the caller drives it with runOnce(). */
  manual?: boolean;
}

export interface QueueRunner {
  /** Runs a pass soon (coalesced with one already due). */
  wake(): void;
  /** One pass now, resolved when it is done (tests). */
  runOnce(): Promise<void>;
  /** Stops scheduling and waits for the pass under way. */
  stop(): Promise<void>;
}

const POLL_MS = 30_000;
const LEASE_MS = 30 * 60_000;
const BATCH = 200;

export function startQueueRunner(deps: QueueRunnerDeps): QueueRunner {
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const attemptDeps: AttemptDeps = { ...deps, blobs: deps.mail.blobs };
  /** `stopping`: no new pass, no new group; what is leased and not started goes back to the queue. */
  const state = { stopping: false };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const schedule = async (): Promise<void> => {
    if (state.stopping || deps.manual) return;
    const due = await deps.mail.nextQueueDue().catch(() => undefined);
    const wait = due === undefined ? POLL_MS : Math.min(POLL_MS, Math.max(0, due - deps.now()));
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => wake(), wait);
    timer.unref();
  };

  const pass = async (): Promise<void> => {
    for (;;) {
      again = false;
      const leased = await deps.mail.leaseDue({ owner, leaseMs: LEASE_MS, limit: BATCH });
      if (leased.length > 0) await processBatch(deps, attemptDeps, owner, leased, state);
      if (state.stopping || (leased.length < BATCH && !again)) break;
    }
  };

  /** Runs `work` as the one pass in flight (passes never overlap), then schedules the next. */
  const run = (work: () => Promise<void>): Promise<void> => {
    const current = work()
      .catch((err: unknown) => deps.logger.error({ err }, 'queue pass failed'))
      .then(() => schedule())
      .catch(() => {})
      .finally(() => {
        running = null;
        if (again && !deps.manual) wake();
      });
    running = current;
    return current;
  };

  const wake = (): void => {
    if (state.stopping) return;
    if (running !== null) {
      again = true;
      return;
    }
    void run(pass);
  };

  const unsubscribe = deps.manual
    ? () => {}
    : deps.mail.changes.subscribe((event) => {
        if (event.kind === 'queue-added') wake();
      });
  if (!deps.manual) void run(async () => {
    await releaseDeadLeases(deps, owner);
    await pass();
  });

  return {
    wake,
    async runOnce() {
      while (running !== null) await running;
      await run(pass);
    },
    async stop() {
      state.stopping = true;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      while (running !== null) await running;
      // Groups leased but not started go back to the queue now, not when their lease runs out.
      await deps.mail.releaseLeases([owner]).catch((err: unknown) => deps.logger.error({ err }, 'releasing queue leases at stop failed'));
    },
  };
}

/** Leases of runners on this host whose process is gone (a crash, kill -9) go back to the queue. */
async function releaseDeadLeases(deps: QueueRunnerDeps, self: string): Promise<void> {
  try {
    const dead = (await deps.mail.listLeaseOwners()).filter((owner) => {
      const [host, pid] = owner.split(':');
      if (owner === self || host !== hostname() || pid === undefined || !/^\d+$/.test(pid)) return false;
      // Our own pid under another owner string: an earlier process that had this pid (a container's PID 1).
      return Number(pid) === process.pid || !processAlive(Number(pid));
    });
    if (dead.length === 0) return;
    const released = await deps.mail.releaseLeases(dead);
    deps.logger.warn({ runners: dead, entries: released }, 'released the queue leases of runners that are gone');
  } catch (err) {
    deps.logger.error({ err }, 'releasing stale queue leases failed');
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function processBatch(deps: QueueRunnerDeps, attemptDeps: AttemptDeps, owner: string, entries: readonly QueueEntry[], state: { stopping: boolean }): Promise<void> {
  const groups = new Map<string, QueueEntry[]>();
  for (const entry of entries) {
    // One transaction per message, envelope sender (a forwarded copy has its SRS sender) and domain.
    const key = `${entry.messageId} ${entry.sender} ${splitAddress(entry.recipient).domain}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [entry]);
    else group.push(entry);
  }
  const queue = [...groups.values()];
  const workers = Array.from({ length: Math.min(deps.settings().concurrency, queue.length) }, async () => {
    for (let group = queue.shift(); group !== undefined && !state.stopping; group = queue.shift()) {
      try {
        // The batch's lease was taken before the groups ahead of this one ran: renew it, and attempt only
        // the entries still ours (another runner may have taken one whose lease ran out).
        const held = new Set(await deps.mail.renewLeases(owner, group.map((entry) => entry.id), LEASE_MS));
        const mine = group.filter((entry) => held.has(entry.id));
        if (mine.length > 0) await processGroup(deps, attemptDeps, owner, mine);
      } catch (err) {
        // The lease runs out and the entries are tried again: nothing is lost.
        deps.logger.error({ err, messageId: group[0]!.messageId }, 'queue delivery failed');
      }
    }
  });
  await Promise.all(workers);
}

async function processGroup(deps: QueueRunnerDeps, attemptDeps: AttemptDeps, owner: string, entries: QueueEntry[]): Promise<void> {
  const settings = deps.settings();
  const now = deps.now();
  const first = entries[0]!;
  const outcomes: EntryOutcome[] = [];
  const pending: QueueEntry[] = [];
  for (const entry of entries) {
    if (entry.bounceRequested) outcomes.push(givenUp(entry, now, '5.0.0', 'bounced by the administrator (mailstead queue bounce)'));
    else pending.push(entry);
  }
  if (pending.length > 0) outcomes.push(...(await attemptDelivery(attemptDeps, splitAddress(first.recipient).domain, pending)));

  // Deferred past the lifetime: give up (RFC 5321 §4.5.4.1); 4.4.7 is "delivery time expired" (RFC 3463).
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.attempt.outcome === 'deferred' && expired(outcome.entry.receivedAt, now, settings.maxLifetime)) {
      outcomes[index] = givenUp(outcome.entry, now, '4.4.7', `delivery time expired; last: ${outcome.attempt.detail}`, outcome.dsn);
    }
  }
  const settlements: QueueSettlement[] = outcomes.map(({ entry, attempt }) => ({
    queueId: entry.id,
    attempt,
    ...(attempt.outcome === 'deferred' ? { nextAttemptAt: nextAttemptAt(now, entry.attempts + 1, settings.retrySchedule, deps.random) } : {}),
  }));
  const settled = new Set(await deps.mail.settleQueue(owner, settlements));
  const mine = outcomes.filter((outcome) => settled.has(outcome.entry.id));
  for (const outcome of mine) {
    deps.logger.info(
      { queueId: outcome.entry.id, messageId: outcome.entry.messageId, recipient: outcome.entry.recipient, outcome: outcome.attempt.outcome, status: outcome.attempt.status, detail: outcome.attempt.detail, tls: outcome.attempt.tls },
      'delivery attempt',
    );
  }
  await sendNotifications(deps, settings, now, first, mine);
}

async function sendNotifications(deps: QueueRunnerDeps, settings: QueueSettings, now: number, first: QueueEntry, outcomes: readonly EntryOutcome[]): Promise<void> {
  const failed: DsnRecipient[] = [];
  const delayed: DsnRecipient[] = [];
  const delayedIds: number[] = [];
  const succeeded: DsnRecipient[] = [];
  for (const { entry, attempt, dsn, relayed } of outcomes) {
    if (attempt.outcome === 'failed' && notifyWanted(entry.notify, 'failed')) failed.push(dsn);
    // RFC 3461 §6.2: a next hop that offers DSN reports delivery itself; we report only what we relayed
    // to one that does not ("relayed", §6.2.2).
    if (attempt.outcome === 'delivered' && relayed && notifyWanted(entry.notify, 'relayed')) succeeded.push({ ...dsn, action: 'relayed' });
    const warnNow = settings.delayWarning > 0 && !entry.delayWarned && now - entry.receivedAt >= settings.delayWarning;
    if (attempt.outcome === 'deferred' && warnNow) {
      delayedIds.push(entry.id);
      if (notifyWanted(entry.notify, 'delayed')) delayed.push({ ...dsn, willRetryUntil: new Date(entry.receivedAt + settings.maxLifetime) });
    }
  }
  const message = { sender: first.sender, envid: first.envid, ret: first.ret, receivedAt: first.receivedAt, blobHash: first.blobHash };
  for (const recipients of [failed, delayed, succeeded]) {
    if (recipients.length === 0) continue;
    try {
      await deps.notify(message, recipients);
    } catch (err) {
      deps.logger.error({ err, messageId: first.messageId }, 'sending a delivery status notification failed');
    }
  }
  if (delayedIds.length > 0) await deps.mail.markDelayWarned(delayedIds);
}

function givenUp(entry: QueueEntry, now: number, status: string, detail: string, previous?: DsnRecipient): EntryOutcome {
  return {
    entry,
    attempt: { attemptedAt: now, outcome: 'failed', status, detail, host: null, tls: null },
    dsn: {
      ...(previous ?? { finalRecipient: entry.recipient, ...(entry.orcpt === null ? {} : { originalRecipient: entry.orcpt }) }),
      action: 'failed',
      status,
      diagnostic: { type: 'x-mailstead', text: detail },
      lastAttemptDate: new Date(now),
    },
    relayed: false,
  };
}
