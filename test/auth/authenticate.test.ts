import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthenticator, hashPassword, verifyPassword } from '../../src/auth/index.ts';
import type { Account } from '../../src/mail/index.ts';
import { fakeAccount } from '../fakes/account.ts';

function fakeAccounts(hash: string): { accounts: { findAccount(address: string): Promise<Account | undefined> }; setHash(next: string): void } {
  let current = hash;
  const account = (): Account => fakeAccount(1, 'alice@example.test', { passwordHash: current });
  return {
    accounts: { findAccount: async (address) => (address === 'alice@example.test' ? account() : undefined) },
    setHash: (next) => {
      current = next;
    },
  };
}

describe('authenticate', () => {
  test('verifies once, then serves the same password from the cache until the TTL passes', async () => {
    const { accounts } = fakeAccounts(await hashPassword('right'));
    let verifications = 0;
    let clock = 0;
    const auth = createAuthenticator(accounts, {
      ttlMs: 1000,
      now: () => clock,
      verify: (hash, password) => {
        verifications++;
        return verifyPassword(hash, password);
      },
    });
    assert.equal((await auth.authenticate('Alice@Example.test', 'right'))?.id, 1);
    assert.equal((await auth.authenticate('alice@example.test', 'right'))?.id, 1);
    assert.equal(verifications, 1);
    clock = 1000;
    assert.equal((await auth.authenticate('alice@example.test', 'right'))?.id, 1);
    assert.equal(verifications, 2);
  });

  test('never caches a failure and never lets a cached success answer another password', async () => {
    const { accounts } = fakeAccounts(await hashPassword('right'));
    let verifications = 0;
    const auth = createAuthenticator(accounts, {
      verify: (hash, password) => {
        verifications++;
        return verifyPassword(hash, password);
      },
    });
    assert.equal(await auth.authenticate('alice@example.test', 'wrong'), undefined);
    assert.equal(await auth.authenticate('alice@example.test', 'wrong'), undefined);
    assert.equal(verifications, 2);
    assert.ok(await auth.authenticate('alice@example.test', 'right'));
    assert.equal(await auth.authenticate('alice@example.test', 'wrong'), undefined);
    assert.equal(verifications, 4);
    assert.equal(await auth.authenticate('nobody@example.test', 'right'), undefined);
  });

  test('drops a cached success when the stored password hash changes', async () => {
    const fake = fakeAccounts(await hashPassword('old'));
    const auth = createAuthenticator(fake.accounts);
    assert.ok(await auth.authenticate('alice@example.test', 'old'));
    fake.setHash(await hashPassword('new'));
    assert.equal(await auth.authenticate('alice@example.test', 'old'), undefined);
    assert.ok(await auth.authenticate('alice@example.test', 'new'));
  });
});
