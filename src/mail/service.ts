// MailService over any Store: reads are closures over one read snapshot, writes are the named
// operations of write-ops.ts (run by the store's writer, one SAVEPOINT each). Timestamps come from
// the injected clock and travel in the operation's arguments, so operations stay deterministic.
import type { Store } from '../store/types.ts';
import { lookupForm } from './address.ts';
import { checkStore } from './check.ts';
import { findAccount, firstAdmin, listAccounts } from './queries/accounts.ts';
import { findAlias, listAliases } from './queries/aliases.ts';
import { findDomain, listDomains } from './queries/domains.ts';
import { listEntries, listMailboxes } from './queries/mailboxes.ts';
import type { MailService } from './types.ts';
import type { MailWriteOps } from './write-ops.ts';

export interface MailServiceDeps {
  /** ms since epoch; Date.now unless a test injects a clock. */
  now?: () => number;
}

export function createMailService(store: Store<MailWriteOps>, deps: MailServiceDeps = {}): MailService {
  const now = deps.now ?? Date.now;
  return {
    changes: store.changes,
    blobs: store.blobs,

    addDomain: (name, opts) => store.write('addDomain', { name, aliasOf: opts?.aliasOf ?? null, now: now() }),
    listDomains: () => store.read((tx) => listDomains(tx)),
    findDomain: (name) => store.read((tx) => findDomain(tx, lookupForm(name))),
    removeDomain: (name) => store.write('removeDomain', { name }),

    addAccount: (input) =>
      store.write('addAccount', {
        address: input.address,
        passwordHash: input.passwordHash,
        quotaBytes: input.quotaBytes,
        isAdmin: input.isAdmin ?? false,
        now: now(),
      }),
    listAccounts: (domain) => store.read((tx) => listAccounts(tx, domain === undefined ? undefined : lookupForm(domain))),
    findAccount: (address) => store.read((tx) => findAccount(tx, lookupForm(address))),
    removeAccount: (address) => store.write('removeAccount', { address }),
    setPassword: (address, passwordHash) => store.write('setPassword', { address, passwordHash }),
    setQuota: (address, quotaBytes) => store.write('setQuota', { address, quotaBytes }),
    firstAdmin: (domain) => store.read((tx) => firstAdmin(tx, lookupForm(domain))),

    addAlias: (address, targets) => store.write('addAlias', { address, targets, now: now() }),
    listAliases: (domain) => store.read((tx) => listAliases(tx, domain === undefined ? undefined : lookupForm(domain))),
    findAlias: (address) => store.read((tx) => findAlias(tx, lookupForm(address))),
    removeAlias: (address) => store.write('removeAlias', { address }),

    listMailboxes: (accountId) => store.read((tx) => listMailboxes(tx, accountId)),
    listMessages: (mailboxId) => store.read((tx) => listEntries(tx, mailboxId)),

    deliver: (request) => store.write('deliver', { request, now: now() }),

    checkStore: (opts) => checkStore(store, { graceMs: opts.graceMs, now: now() }),
    close: () => store.close(),
  };
}
