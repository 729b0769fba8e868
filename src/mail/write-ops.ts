// Every mutating mail operation, by name. The store's writer thread loads this module (its URL is
// given to openSqliteStore) and runs each operation inside the group-commit transaction under its
// own SAVEPOINT. Arguments and results cross a thread boundary: plain data only.
import type { WriteOps } from '../store/types.ts';
import { addAccount, removeAccount, setForwarding, setPassword, setQuota, setSenderPolicy } from './ops/accounts.ts';
import { addAlias, removeAlias } from './ops/aliases.ts';
import { append } from './ops/append.ts';
import { trimChangeLog } from './ops/change-log.ts';
import { deliver } from './ops/deliver.ts';
import { activateDkimKey, addDkimKey, removeDkimKey } from './ops/dkim-keys.ts';
import { addDomain, removeDomain } from './ops/domains.ts';
import { deleteMessages, expunge } from './ops/expunge.ts';
import { storeFlags } from './ops/flags.ts';
import { createMailbox, deleteMailbox, renameMailbox, subscribe, unsubscribe } from './ops/mailboxes.ts';
import { claimRecent } from './ops/recent.ts';
import { leaseDue, markDelayWarned, releaseLeases, removeQueueEntries, renewLeases, requestBounce, retryQueue, settleQueue } from './ops/queue.ts';
import { initSetting } from './ops/settings.ts';
import { copyMessages, moveMessages } from './ops/transfer.ts';

export const writeOps = {
  addDomain,
  removeDomain,
  addAccount,
  removeAccount,
  setPassword,
  setQuota,
  setSenderPolicy,
  setForwarding,
  addAlias,
  removeAlias,
  // server settings
  initSetting,
  // DKIM keys
  addDkimKey,
  activateDkimKey,
  removeDkimKey,
  deliver,
  // outbound queue
  leaseDue,
  settleQueue,
  markDelayWarned,
  retryQueue,
  requestBounce,
  removeQueueEntries,
  releaseLeases,
  renewLeases,
  createMailbox,
  deleteMailbox,
  renameMailbox,
  subscribe,
  unsubscribe,
  append,
  copyMessages,
  moveMessages,
  storeFlags,
  expunge,
  deleteMessages,
  trimChangeLog,
  claimRecent,
} satisfies WriteOps;

export type MailWriteOps = typeof writeOps;
