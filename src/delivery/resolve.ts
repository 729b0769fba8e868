// Recipient resolution: which local accounts an envelope recipient reaches and which remote addresses
// it is forwarded to, or that it is remote, unknown, or an alias loop. Rules, in this order (all
// case-insensitive):
//   1. The domain is local when it has a domain row; a domain alias maps the address onto the domain it
//      aliases, and the address is resolved there.
//   2. An alias with exactly this address expands to its targets, each resolved by these same rules.
//   3. An account with exactly this address. An account that forwards expands to its forward targets,
//      each resolved by these same rules, and to itself when it keeps a copy.
//   4. Sub-addressing (RFC 5233): `user+detail` without its `+detail` is tried against rules 2 and 3;
//      the detail is kept in the resolution for later rules (Sieve).
//   5. `postmaster` (RFC 5321 §4.5.1, RFC 2142 §5) and `abuse` (RFC 2142 §4) of a local domain reach the
//      domain's first admin, unless an alias or account of that name exists (rules 2–4 win).
//   6. The domain's catch-all alias `@domain`.
// A bare `postmaster` without a domain must be accepted (RFC 5321 §4.5.1): it is `postmaster` of the
// primary (first created) domain.
//
// Alias expansion: each alias on the current path is remembered; a target naming one of them again is
// delivered to the account of that address when there is one (as Postfix does, so `a@d → a@d, b@d`
// keeps a copy for a@d), else it is a loop. Nesting deeper than `maxAliasDepth` is a loop too. An alias
// already expanded on another branch (a diamond) adds nothing new. A target in a remote domain is a
// forward (kept with the alias or account that forwards: its domain signs the SRS sender), each remote
// address once. A target that resolves to nothing is skipped and logged: the alias still delivers to
// its other targets, and is 'loop' or 'unknown' only when no target reaches an account or a forward.
//
// Account forwarding follows the alias rules with the account in place of the alias (a forward chain
// that comes back to the account delivers to it; nesting counts towards `maxAliasDepth`). An account
// that forwards without keeping a copy is still reached (`stored: false`: the address is its own, e.g.
// for sender identity), but gets no mailbox entry; when none of its forward targets reaches anything,
// it keeps the message after all rather than lose it.
import type { Account, MailService } from '../mail/types.ts';
import type { Logger } from '../log/index.ts';
import { splitAddress, splitSubaddress, normaliseAddress, relayAddress } from './address.ts';
import { primaryLocalDomain } from './local-origin.ts';

/** The part of MailService that resolution reads (tests pass an in-memory map). */
export type RecipientDirectory = Pick<MailService, 'findDomain' | 'listDomains' | 'findAccount' | 'findAlias' | 'firstAdmin'>;

export interface ResolveOptions {
  /** RFC 5233 sub-address delimiter; '' disables plus-addressing. */
  plusDelimiter: string;
  /** Nested alias expansions allowed on one path before it counts as a loop. */
  maxAliasDepth: number;
  logger: Logger;
  /** Rule 6 applies (default true); sender identity checks leave the catch-all out. */
  catchAll?: boolean;
}

export interface ResolvedAccount {
  accountId: number;
  /** The account's address (what `Delivered-To` names). */
  address: string;
  /** Whether its INBOX gets the message: false for an account that forwards without keeping a copy. */
  stored: boolean;
}

export interface ResolvedForward {
  /** The remote address the message is forwarded to. */
  recipient: string;
  /** The local alias or account that forwards it (`@domain` for a catch-all): its domain signs the SRS sender. */
  forwarder: string;
}

export type Resolution =
  | { kind: 'local'; accounts: ResolvedAccount[]; forwards: ResolvedForward[]; detail: string | null }
  | { kind: 'remote' }
  | { kind: 'unknown' }
  | { kind: 'loop' };

/** Like Resolution, but a local one may reach nothing: a branch whose accounts another branch already added. */
type Outcome = Resolution;

const ROLE_MAILBOXES = new Set(['postmaster', 'abuse']);
const UNKNOWN: Outcome = { kind: 'unknown' };
const LOOP: Outcome = { kind: 'loop' };

interface Walk {
  directory: RecipientDirectory;
  opts: ResolveOptions;
  /** Aliases and forwarding accounts being expanded on the current path (loop detection), by pathKey. */
  onPath: Set<string>;
  /** Aliases and forwarding accounts fully expanded in this resolution (what they reach is collected). */
  expanded: Set<string>;
}

export async function resolveRecipient(address: string, directory: RecipientDirectory, opts: ResolveOptions): Promise<Resolution> {
  const walk: Walk = { directory, opts, onPath: new Set(), expanded: new Set() };
  const { local, domain } = splitAddress(address);
  let outcome: Outcome;
  if (domain !== '') {
    outcome = await resolveAddress(walk, local, domain, 0);
  } else if (local === 'postmaster') {
    const primary = await primaryDomain(directory);
    outcome = primary === undefined ? UNKNOWN : await resolveAddress(walk, local, primary, 0);
  } else {
    outcome = UNKNOWN;
  }
  if (outcome.kind === 'local' && !reachesAnything(outcome)) return UNKNOWN;
  return outcome;
}

/** The first domain created that is not a domain alias. */
async function primaryDomain(directory: RecipientDirectory): Promise<string | undefined> {
  return primaryLocalDomain(await directory.listDomains()) ?? undefined;
}

async function resolveAddress(walk: Walk, local: string, domain: string, depth: number): Promise<Outcome> {
  if (local === '') return UNKNOWN;
  const home = await homeDomain(walk, domain);
  if (typeof home !== 'string') return home;
  const { directory } = walk;

  const exact = await aliasOrAccount(walk, `${local}@${home}`, depth);
  if (exact !== undefined) return exact;

  const sub = splitSubaddress(local, walk.opts.plusDelimiter);
  if (sub !== undefined) {
    const base = await aliasOrAccount(walk, `${sub.user}@${home}`, depth);
    if (base !== undefined) return base.kind === 'local' ? { ...base, detail: sub.detail } : base;
  }

  if (ROLE_MAILBOXES.has(sub?.user ?? local)) {
    const admin = await directory.firstAdmin(home);
    if (admin !== undefined) return accountOutcome(walk, admin, depth);
  }

  if (walk.opts.catchAll === false) return UNKNOWN;
  const catchAll = await directory.findAlias(`@${home}`);
  if (catchAll !== undefined) return expandAlias(walk, catchAll.address, catchAll.targets, `${local}@${home}`, depth);
  return UNKNOWN;
}

/** Rule 1: the local domain an address belongs to after following domain aliases, or why there is none. */
async function homeDomain(walk: Walk, domain: string): Promise<string | Outcome> {
  let row = await walk.directory.findDomain(domain);
  if (row === undefined) return { kind: 'remote' };
  const seen = new Set([row.name.toLowerCase()]);
  while (row.aliasOf !== null) {
    const target = row.aliasOf.toLowerCase();
    if (seen.has(target)) {
      walk.opts.logger.warn({ domain, aliasOf: target }, 'domain aliases form a loop');
      return LOOP;
    }
    seen.add(target);
    const next = await walk.directory.findDomain(target);
    if (next === undefined) {
      walk.opts.logger.warn({ domain, aliasOf: target }, 'domain alias points at a missing domain');
      return UNKNOWN;
    }
    row = next;
  }
  return row.name.toLowerCase();
}

/** Rules 2 and 3 for one exact address; undefined when neither an alias nor an account has it. */
async function aliasOrAccount(walk: Walk, address: string, depth: number): Promise<Outcome | undefined> {
  const alias = await walk.directory.findAlias(address);
  if (alias !== undefined) return expandAlias(walk, alias.address, alias.targets, address, depth);
  const account = await walk.directory.findAccount(address);
  if (account !== undefined) return accountOutcome(walk, account, depth);
  return undefined;
}

/** An alias and an account may share an address: their expansions are told apart on the path. */
function pathKey(kind: 'alias' | 'account', address: string): string {
  return `${kind}:${address}`;
}

/** Rule 3: the account, or what its forwarding reaches (with the account when it keeps a copy). */
async function accountOutcome(walk: Walk, account: Account, depth: number): Promise<Outcome> {
  const self: ResolvedAccount = { accountId: account.id, address: account.address, stored: true };
  if (account.forwardTo.length === 0) return localOutcome([self]);
  const key = pathKey('account', account.address);
  const { logger } = walk.opts;
  // Forwarded back to itself: it keeps the message, as an alias naming its own account does.
  if (walk.onPath.has(key)) return localOutcome([self]);
  if (walk.expanded.has(key)) return localOutcome([]);
  if (depth >= walk.opts.maxAliasDepth) {
    logger.warn({ account: account.address, maxAliasDepth: walk.opts.maxAliasDepth }, 'forwarding nested deeper than max_alias_depth');
    return LOOP;
  }
  walk.onPath.add(key);
  const outcomes = await expandTargets(walk, account.address, account.forwardTo, depth);
  walk.onPath.delete(key);
  walk.expanded.add(key);
  // A target that is local reaches something, here or on another branch that expanded it first.
  const reached = outcomes.some((outcome) => outcome.kind === 'local');
  if (!reached) logger.warn({ account: account.address, forwardTo: account.forwardTo }, 'forwarding reaches nothing; the account keeps the message');
  return mergeOutcomes([localOutcome([{ ...self, stored: account.keepCopy || !reached }]), ...outcomes]);
}

async function expandAlias(walk: Walk, aliasAddress: string, targets: readonly string[], address: string, depth: number): Promise<Outcome> {
  const key = normaliseAddress(aliasAddress);
  const { logger } = walk.opts;
  if (walk.onPath.has(pathKey('alias', key))) {
    const account = await walk.directory.findAccount(address);
    if (account !== undefined) return accountOutcome(walk, account, depth);
    logger.warn({ alias: key, address }, 'alias loop');
    return LOOP;
  }
  if (walk.expanded.has(pathKey('alias', key))) return localOutcome([]);
  if (depth >= walk.opts.maxAliasDepth) {
    logger.warn({ alias: key, maxAliasDepth: walk.opts.maxAliasDepth }, 'aliases nested deeper than max_alias_depth');
    return LOOP;
  }

  walk.onPath.add(pathKey('alias', key));
  const outcomes = await expandTargets(walk, key, targets, depth);
  walk.onPath.delete(pathKey('alias', key));
  walk.expanded.add(pathKey('alias', key));
  return mergeOutcomes(outcomes);
}

/** The targets of an alias or a forwarding account, one level deeper; a remote target is a forward. */
async function expandTargets(walk: Walk, forwarder: string, targets: readonly string[], depth: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const target of targets) {
    const { local, domain } = splitAddress(target);
    const outcome = domain === '' ? UNKNOWN : await resolveAddress(walk, local, domain, depth + 1);
    if (outcome.kind === 'remote') {
      outcomes.push({ kind: 'local', accounts: [], forwards: [{ recipient: relayAddress(target), forwarder }], detail: null });
      continue;
    }
    if (outcome.kind !== 'local') walk.opts.logger.warn({ forwarder, target, outcome: outcome.kind }, 'alias or forward target reaches no account');
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * Fan-out: every account reached by any target, once each (stored when any branch stores it), and
 * every forward, once per remote address; failures only when nothing was reached.
 */
function mergeOutcomes(outcomes: readonly Outcome[]): Outcome {
  const accounts = new Map<number, ResolvedAccount>();
  const forwards = new Map<string, ResolvedForward>();
  let reached = false;
  for (const outcome of outcomes) {
    if (outcome.kind !== 'local') continue;
    reached = true;
    for (const account of outcome.accounts) {
      const known = accounts.get(account.accountId);
      if (known === undefined || (!known.stored && account.stored)) accounts.set(account.accountId, account);
    }
    for (const forward of outcome.forwards) {
      const key = forward.recipient.toLowerCase();
      if (!forwards.has(key)) forwards.set(key, forward);
    }
  }
  if (reached) return { kind: 'local', accounts: [...accounts.values()], forwards: [...forwards.values()], detail: null };
  return outcomes.some((o) => o.kind === 'loop') ? LOOP : UNKNOWN;
}

function localOutcome(accounts: ResolvedAccount[]): Outcome {
  return { kind: 'local', accounts, forwards: [], detail: null };
}

/** Whether a local outcome delivers anywhere: a stored account or a forward. */
function reachesAnything(outcome: Extract<Outcome, { kind: 'local' }>): boolean {
  return outcome.forwards.length > 0 || outcome.accounts.some((a) => a.stored);
}
