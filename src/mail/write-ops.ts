// Every mutating mail operation, by name. The store's writer thread loads this module (its URL is
// given to openSqliteStore) and runs each operation inside the group-commit transaction under its
// own SAVEPOINT. Arguments and results cross a thread boundary: plain data only.
import type { WriteOps } from '../store/types.ts';
import { addAccount, removeAccount, setPassword, setQuota } from './ops/accounts.ts';
import { addAlias, removeAlias } from './ops/aliases.ts';
import { deliver } from './ops/deliver.ts';
import { addDomain, removeDomain } from './ops/domains.ts';

export const writeOps = {
  addDomain,
  removeDomain,
  addAccount,
  removeAccount,
  setPassword,
  setQuota,
  addAlias,
  removeAlias,
  deliver,
} satisfies WriteOps;

export type MailWriteOps = typeof writeOps;
