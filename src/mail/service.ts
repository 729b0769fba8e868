// MailService over any Store: reads are closures over one read snapshot, writes are the named
// operations of write-ops.ts (run by the store's writer, one SAVEPOINT each). Timestamps come from
// the injected clock and travel in the operation's arguments, so operations stay deterministic.
import type { Store } from '../store/types.ts';
import { lookupForm } from './address.ts';
import { checkStore } from './check.ts';
import { findAccount, firstAdmin, listAccounts, quotaUsage } from './queries/accounts.ts';
import { findAlias, listAliases } from './queries/aliases.ts';
import { activeDkimKey, findDkimKey, listDkimKeys } from './queries/dkim-keys.ts';
import { findDomain, listDomains } from './queries/domains.ts';
import { changesSince } from './queries/changes.ts';
import { listMailboxTree, mailboxStatus } from './queries/mailbox-tree.ts';
import { canonicalMailboxName, findMailbox, listEntries, listMailboxes, listSummaries } from './queries/mailboxes.ts';
import { listFlags } from './queries/message-flags.ts';
import { findQueueEntry, listLeaseOwners, listQueue, listQueueAttempts, nextQueueDue } from './queries/queue.ts';
import { searchUids } from './queries/search.ts';
import { findSetting } from './queries/settings.ts';
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
        quotaMessages: input.quotaMessages ?? null,
        isAdmin: input.isAdmin ?? false,
        now: now(),
      }),
    listAccounts: (domain) => store.read((tx) => listAccounts(tx, domain === undefined ? undefined : lookupForm(domain))),
    findAccount: (address) => store.read((tx) => findAccount(tx, lookupForm(address))),
    removeAccount: (address) => store.write('removeAccount', { address }),
    setPassword: (address, passwordHash) => store.write('setPassword', { address, passwordHash }),
    setQuota: (address, quotaBytes, quotaMessages) =>
      store.write('setQuota', quotaMessages === undefined ? { address, quotaBytes } : { address, quotaBytes, quotaMessages }),
    setSenderPolicy: (address, policy) => store.write('setSenderPolicy', { address, policy }),
    setForwarding: (address, targets, keepCopy) => store.write('setForwarding', { address, targets, keepCopy }),
    firstAdmin: (domain) => store.read((tx) => firstAdmin(tx, lookupForm(domain))),

    addAlias: (address, targets) => store.write('addAlias', { address, targets, now: now() }),
    listAliases: (domain) => store.read((tx) => listAliases(tx, domain === undefined ? undefined : lookupForm(domain))),
    findAlias: (address) => store.read((tx) => findAlias(tx, lookupForm(address))),
    removeAlias: (address) => store.write('removeAlias', { address }),

    // server settings
    findSetting: (name) => store.read((tx) => findSetting(tx, name)),
    initSetting: (name, value) => store.write('initSetting', { name, value, now: now() }),

    // DKIM keys
    addDkimKey: (input) => store.write('addDkimKey', { ...input, active: input.active ?? true, now: now() }),
    listDkimKeys: (domain) => store.read((tx) => listDkimKeys(tx, domain === undefined ? undefined : lookupForm(domain))),
    findDkimKey: (domain, selector) => store.read((tx) => findDkimKey(tx, lookupForm(domain), lookupForm(selector))),
    activeDkimKey: (domain) => store.read((tx) => activeDkimKey(tx, lookupForm(domain))),
    activateDkimKey: (domain, selector) => store.write('activateDkimKey', { domain, selector }),
    removeDkimKey: (domain, selector) => store.write('removeDkimKey', { domain, selector }),

    listMailboxes: (accountId) => store.read((tx) => listMailboxes(tx, accountId)),
    findMailbox: (accountId, name) => store.read((tx) => findMailbox(tx, accountId, canonicalMailboxName(name))),
    listMailboxTree: (accountId) => store.read((tx) => listMailboxTree(tx, accountId)),
    mailboxStatus: (mailboxId) => store.read((tx) => mailboxStatus(tx, mailboxId)),
    createMailbox: (input) =>
      store.write('createMailbox', { accountId: input.accountId, name: input.name, specialUse: input.specialUse ?? null, subscribe: false, now: now() }),
    deleteMailbox: (accountId, name) => store.write('deleteMailbox', { accountId, name }),
    renameMailbox: (accountId, from, to) => store.write('renameMailbox', { accountId, from, to, now: now() }),
    subscribe: (accountId, name) => store.write('subscribe', { accountId, name }),
    unsubscribe: (accountId, name) => store.write('unsubscribe', { accountId, name }),

    listMessages: (mailboxId, query) => store.read((tx) => listEntries(tx, mailboxId, query)),
    listFlags: (mailboxId, query) => store.read((tx) => listFlags(tx, mailboxId, query)),
    listSummaries: (mailboxId, uids) => store.read((tx) => listSummaries(tx, mailboxId, uids)),
    search: (mailboxId, key) => store.read((tx) => searchUids(tx, mailboxId, key)),
    changesSince: (mailboxId, modseq) => store.read((tx) => changesSince(tx, mailboxId, modseq)),
    claimRecent: (mailboxId) => store.write('claimRecent', { mailboxId }),
    quotaUsage: (accountId) => store.read((tx) => quotaUsage(tx, accountId)),

    append: (input) => store.write('append', { input, now: now() }),
    copyMessages: (input) => store.write('copyMessages', { ...input, now: now() }),
    moveMessages: (input) => store.write('moveMessages', { ...input, now: now() }),
    storeFlags: (input) => store.write('storeFlags', { input, now: now() }),
    expunge: (mailboxId, uids) => store.write('expunge', uids === undefined ? { mailboxId, now: now() } : { mailboxId, uids, now: now() }),
    deleteMessages: (mailboxId, uids) => store.write('deleteMessages', { mailboxId, uids, now: now() }),
    trimChangeLog: (retentionMs) => store.write('trimChangeLog', { before: now() - retentionMs }),

    deliver: (request) => store.write('deliver', { request, now: now() }),

    // outbound queue
    leaseDue: (args) => store.write('leaseDue', { ...args, now: now() }),
    settleQueue: (owner, settlements) => store.write('settleQueue', { owner, settlements }),
    markDelayWarned: (ids) => store.write('markDelayWarned', { ids }),
    retryQueue: (ids) => store.write('retryQueue', { ids, now: now() }),
    requestBounce: (ids) => store.write('requestBounce', { ids, now: now() }),
    removeQueueEntries: (ids) => store.write('removeQueueEntries', { ids }),
    listQueue: () => store.read((tx) => listQueue(tx)),
    findQueueEntry: (id) => store.read((tx) => findQueueEntry(tx, id)),
    listQueueAttempts: (id) => store.read((tx) => listQueueAttempts(tx, id)),
    nextQueueDue: () => store.read((tx) => nextQueueDue(tx)),
    listLeaseOwners: () => store.read((tx) => listLeaseOwners(tx)),
    releaseLeases: (owners) => store.write('releaseLeases', { owners, now: now() }),
    renewLeases: (owner, ids, leaseMs) => store.write('renewLeases', { owner, ids, leaseMs, now: now() }),

    checkStore: (opts) => checkStore(store, { graceMs: opts.graceMs, now: now() }),
    close: () => store.close(),
  };
}
