// Recipient resolution: which local accounts an envelope recipient reaches, or that it is remote,
// unknown, or an alias loop. Rules, in this order (all case-insensitive):
//   1. The domain is local when it has a domain row; a domain alias maps the address onto the domain it
//      aliases, and the address is resolved there.
//   2. An alias with exactly this address expands to its targets, each resolved by these same rules.
//   3. An account with exactly this address.
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
// already expanded on another branch (a diamond) adds nothing new. A target that resolves to nothing,
// or to a remote domain (forwarding does not exist yet), is skipped and logged: the alias still
// delivers to its other targets, and is 'loop' or 'unknown' only when no target reaches an account.
import type { MailService } from '../mail/types.ts';
import type { Logger } from '../log/index.ts';
import { splitAddress, splitSubaddress, normaliseAddress } from './address.ts';

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
}

export type Resolution =
  | { kind: 'local'; accounts: ResolvedAccount[]; detail: string | null }
  | { kind: 'remote' }
  | { kind: 'unknown' }
  | { kind: 'loop' };

/** Like Resolution, but `accounts` may be empty: a branch whose accounts another branch already added. */
type Outcome = Resolution;

const ROLE_MAILBOXES = new Set(['postmaster', 'abuse']);
const UNKNOWN: Outcome = { kind: 'unknown' };
const LOOP: Outcome = { kind: 'loop' };

interface Walk {
  directory: RecipientDirectory;
  opts: ResolveOptions;
  /** Aliases being expanded on the current path (loop detection). */
  onPath: Set<string>;
  /** Aliases fully expanded in this resolution (their accounts are already collected). */
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
  if (outcome.kind === 'local' && outcome.accounts.length === 0) return UNKNOWN;
  return outcome;
}

/** The first domain created that is not a domain alias. */
async function primaryDomain(directory: RecipientDirectory): Promise<string | undefined> {
  const domains = (await directory.listDomains()).filter((d) => d.aliasOf === null);
  domains.sort((a, b) => a.id - b.id);
  return domains[0]?.name.toLowerCase();
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
    if (admin !== undefined) return localOutcome([{ accountId: admin.id, address: admin.address }]);
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
  if (account !== undefined) return localOutcome([{ accountId: account.id, address: account.address }]);
  return undefined;
}

async function expandAlias(walk: Walk, aliasAddress: string, targets: readonly string[], address: string, depth: number): Promise<Outcome> {
  const key = normaliseAddress(aliasAddress);
  const { logger } = walk.opts;
  if (walk.onPath.has(key)) {
    const account = await walk.directory.findAccount(address);
    if (account !== undefined) return localOutcome([{ accountId: account.id, address: account.address }]);
    logger.warn({ alias: key, address }, 'alias loop');
    return LOOP;
  }
  if (walk.expanded.has(key)) return localOutcome([]);
  if (depth >= walk.opts.maxAliasDepth) {
    logger.warn({ alias: key, maxAliasDepth: walk.opts.maxAliasDepth }, 'aliases nested deeper than max_alias_depth');
    return LOOP;
  }

  walk.onPath.add(key);
  const outcomes: Outcome[] = [];
  for (const target of targets) {
    const { local, domain } = splitAddress(target);
    let outcome = domain === '' ? UNKNOWN : await resolveAddress(walk, local, domain, depth + 1);
    if (outcome.kind === 'remote') {
      logger.warn({ alias: key, target }, 'alias target is remote; forwarding is not supported yet');
      outcome = UNKNOWN;
    } else if (outcome.kind !== 'local') {
      logger.warn({ alias: key, target, outcome: outcome.kind }, 'alias target reaches no account');
    }
    outcomes.push(outcome);
  }
  walk.onPath.delete(key);
  walk.expanded.add(key);
  return mergeOutcomes(outcomes);
}

/** Fan-out: every account reached by any target, once each; failures only when nothing was reached. */
function mergeOutcomes(outcomes: readonly Outcome[]): Outcome {
  const accounts = new Map<number, ResolvedAccount>();
  let reached = false;
  for (const outcome of outcomes) {
    if (outcome.kind !== 'local') continue;
    reached = true;
    for (const account of outcome.accounts) if (!accounts.has(account.accountId)) accounts.set(account.accountId, account);
  }
  if (reached) return localOutcome([...accounts.values()]);
  return outcomes.some((o) => o.kind === 'loop') ? LOOP : UNKNOWN;
}

function localOutcome(accounts: ResolvedAccount[]): Outcome {
  return { kind: 'local', accounts, detail: null };
}
