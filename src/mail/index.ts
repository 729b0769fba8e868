// mail/'s public surface: the MailService contract, its implementation over a Store, and the write
// operations module the store's writer loads (see server/open-mail.ts for the wiring).
export * from './types.ts';
export { StoreOpError } from '../store/types.ts';
export type * from './message-types.ts';
export type * from './queue-types.ts';
export { HIERARCHY_DELIMITER } from './queries/mailbox-tree.ts';
export { toUidSet } from './queries/uid-set.ts';
export { createMailService, type MailServiceDeps } from './service.ts';
export type { MailWriteOps } from './write-ops.ts';
export type { CheckReport } from './check.ts';
