// When a deferred entry is tried again: the configured waits in turn (`queue.retry_schedule`, by default
// 5m, 10m, 20m, 40m, then hourly), the last one repeating, with ±10% jitter from the injected random
// source so that many messages deferred together do not all come back at the same moment (STYLE.md:
// "backoff with jitter from an injected random source").

/** The time of the next attempt after the `attempts`-th failed one (1 = the first attempt failed). */
export function nextAttemptAt(now: number, attempts: number, schedule: readonly number[], random: () => number): number {
  const wait = schedule[Math.min(Math.max(attempts, 1), schedule.length) - 1] ?? 60_000;
  return now + Math.round(wait * (0.9 + 0.2 * random()));
}

/** Whether the entry has been in the queue longer than `maxLifetime` (RFC 5321 §4.5.4.1: then give up). */
export function expired(receivedAt: number, now: number, maxLifetime: number): boolean {
  return now - receivedAt >= maxLifetime;
}
