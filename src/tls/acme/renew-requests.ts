// `mailstead cert renew`: the CLI cannot answer challenges while the server holds ports 80 and 443, so it
// asks the running server through the store's settings, which are write-once (the first writer of a
// name wins). Request number n is three settings:
//
//   acme.renew.<n>.request   {id, host, requestedAt}   written by the CLI (n = the first free number)
//   acme.renew.<n>.claim     {by, id, at}              the server takes the request — or the CLI, giving up
//   acme.renew.<n>.outcome   {ok, detail, notAfter?, finishedAt}   written by the server that claimed it
//
// The claim is a compare-and-set: whoever writes it first owns the request. A server that polls in
// time claims it and records an outcome; a CLI that saw no claim within its wait claims it itself, so
// a server starting later never acts on a request nobody waits for. Several nodes on one store
// likewise act on a request once.
import { randomUUID } from 'node:crypto';

/** The part of the mail service this needs (src/mail MailService). */
export interface SettingsStore {
  findSetting(name: string): Promise<string | undefined>;
  initSetting(name: string, value: string): Promise<string>;
}

export interface RenewRequest {
  readonly number: number;
  /** The host named on the command line, or null for "the ACME certificate". */
  readonly host: string | null;
  readonly requestedAt: number;
}

export interface RenewOutcome {
  readonly ok: boolean;
  /** What happened, for the CLI to print: the CA's error detail on failure. */
  readonly detail: string;
  /** The new certificate's expiry (ms since the epoch), on success. */
  readonly notAfter?: number;
  readonly finishedAt: number;
}

export type ClaimHolder = 'server' | 'cli';

/** Request numbers are probed from 1; a store never holds anywhere near this many. */
const MAX_REQUESTS = 1_000_000;

function settingName(number: number, part: 'request' | 'claim' | 'outcome'): string {
  return `acme.renew.${number}.${part}`;
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Records a request under the first free number; returns that number. */
export async function submitRenewRequest(store: SettingsStore, host: string | null, now: number): Promise<number> {
  const value = JSON.stringify({ id: randomUUID(), host, requestedAt: now });
  for (let number = 1; number <= MAX_REQUESTS; number++) {
    if ((await store.findSetting(settingName(number, 'request'))) !== undefined) continue;
    if ((await store.initSetting(settingName(number, 'request'), value)) === value) return number;
  }
  throw new Error('too many renewal requests in the store');
}

/** Writes the claim unless one exists; true when the claim written is this one. */
async function claim(store: SettingsStore, number: number, by: ClaimHolder, now: number): Promise<boolean> {
  const value = JSON.stringify({ by, id: randomUUID(), at: now });
  return (await store.initSetting(settingName(number, 'claim'), value)) === value;
}

export async function findClaim(store: SettingsStore, number: number): Promise<ClaimHolder | undefined> {
  const by = parseObject(await store.findSetting(settingName(number, 'claim')))?.by;
  return by === 'server' || by === 'cli' ? by : undefined;
}

/** The CLI stops waiting: true when no server had claimed the request (it never will now). */
export function abandonRenewRequest(store: SettingsStore, number: number, now: number): Promise<boolean> {
  return claim(store, number, 'cli', now);
}

export async function findRenewOutcome(store: SettingsStore, number: number): Promise<RenewOutcome | undefined> {
  const outcome = parseObject(await store.findSetting(settingName(number, 'outcome')));
  if (outcome === undefined || typeof outcome.ok !== 'boolean' || typeof outcome.detail !== 'string') return undefined;
  return {
    ok: outcome.ok,
    detail: outcome.detail,
    ...(typeof outcome.notAfter === 'number' ? { notAfter: outcome.notAfter } : {}),
    finishedAt: typeof outcome.finishedAt === 'number' ? outcome.finishedAt : 0,
  };
}

/** The server's side: takes requests in order, each once. */
export class RenewRequestInbox {
  readonly #store: SettingsStore;
  /** The lowest number not yet looked at; found at the first take(). */
  #next: number | undefined;

  constructor(store: SettingsStore) {
    this.#store = store;
  }

  /** The next request this server now owns, or undefined when none is waiting. */
  async take(now: number): Promise<RenewRequest | undefined> {
    this.#next ??= await this.#firstUnclaimed();
    for (;;) {
      const number: number = this.#next;
      const request = parseObject(await this.#store.findSetting(settingName(number, 'request')));
      if (request === undefined) return undefined;
      this.#next = number + 1;
      if (await claim(this.#store, number, 'server', now)) {
        return { number, host: typeof request.host === 'string' ? request.host : null, requestedAt: typeof request.requestedAt === 'number' ? request.requestedAt : now };
      }
    }
  }

  async finish(number: number, outcome: RenewOutcome): Promise<void> {
    await this.#store.initSetting(settingName(number, 'outcome'), JSON.stringify(outcome));
  }

  async #firstUnclaimed(): Promise<number> {
    let number = 1;
    while (number < MAX_REQUESTS && (await this.#store.findSetting(settingName(number, 'request'))) !== undefined && (await findClaim(this.#store, number)) !== undefined) number++;
    return number;
  }
}
