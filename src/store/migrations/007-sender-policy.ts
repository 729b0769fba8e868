// Which sender addresses an authenticated account may use at submission (issue 6; RFC 6409 §6.1):
// `own` (its address, its aliases, its sub-addresses), `domain` (any address of its domains) or `any`.
import type { Migration } from './index.ts';

export const senderPolicy: Migration = {
  version: 7,
  name: 'sender-policy',
  statements: () => [`ALTER TABLE accounts ADD COLUMN sender_policy TEXT NOT NULL DEFAULT 'own'`],
};
