// An Account record as the store would return it, for tests that stand in for the store.
import type { Account } from '../../src/mail/types.ts';

/** `address` decides the domain; everything else is a new account's default unless overridden. */
export function fakeAccount(id: number, address: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    address,
    domain: address.slice(address.lastIndexOf('@') + 1),
    passwordHash: '',
    quotaBytes: null,
    usedBytes: 0,
    quotaMessages: null,
    messageCount: 0,
    isAdmin: false,
    senderPolicy: 'own',
    forwardTo: [],
    keepCopy: true,
    createdAt: 0,
    ...overrides,
  };
}
