import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRecipient, type RecipientDirectory, type Resolution, type ResolveOptions } from '../../src/delivery/index.ts';
import type { Account, Alias, Domain } from '../../src/mail/types.ts';
import { silentLogger } from '../../src/log/index.ts';
import { fakeAccount } from '../fakes/account.ts';

interface AccountSpec {
  address: string;
  isAdmin?: boolean;
  forwardTo?: string[];
  keepCopy?: boolean;
}

interface DirectorySpec {
  /** A name, or [name, aliasOf] for a domain alias. */
  domains?: Array<string | [string, string]>;
  accounts?: Array<string | AccountSpec>;
  aliases?: Record<string, string[]>;
}

/** An in-memory directory that, like the store, keeps lowercased keys and matches them exactly. */
function directory(spec: DirectorySpec): RecipientDirectory & { lookups: number } {
  const domains: Domain[] = (spec.domains ?? ['example.test']).map((d, i) => ({
    id: i + 1,
    name: typeof d === 'string' ? d : d[0],
    aliasOf: typeof d === 'string' ? null : d[1],
    createdAt: 0,
  }));
  const accounts: Account[] = (spec.accounts ?? []).map((a, i) => {
    const address = typeof a === 'string' ? a : a.address;
    return fakeAccount(i + 1, address, {
      isAdmin: typeof a === 'string' ? false : (a.isAdmin ?? false),
      forwardTo: typeof a === 'string' ? [] : (a.forwardTo ?? []),
      keepCopy: typeof a === 'string' ? true : (a.keepCopy ?? true),
    });
  });
  const aliases: Alias[] = Object.entries(spec.aliases ?? {}).map(([address, targets], i) => ({ id: i + 1, address, targets }));
  const dir = {
    lookups: 0,
    async findDomain(name: string) {
      dir.lookups++;
      return domains.find((d) => d.name === name);
    },
    async listDomains() {
      return [...domains].reverse();
    },
    async findAccount(address: string) {
      dir.lookups++;
      return accounts.find((a) => a.address === address);
    },
    async findAlias(address: string) {
      dir.lookups++;
      return aliases.find((a) => a.address === address);
    },
    async firstAdmin(domain: string) {
      const admins = accounts.filter((a) => a.isAdmin);
      return admins.find((a) => a.domain === domain) ?? admins[0];
    },
  };
  return dir;
}

const OPTIONS: ResolveOptions = { plusDelimiter: '+', maxAliasDepth: 10, logger: silentLogger() };

async function resolve(spec: DirectorySpec, address: string, opts: Partial<ResolveOptions> = {}): Promise<Resolution> {
  return resolveRecipient(address, directory(spec), { ...OPTIONS, ...opts });
}

/** The accounts a resolution stores the message for (by address), or its kind when it is not local. */
async function reach(spec: DirectorySpec, address: string, opts: Partial<ResolveOptions> = {}): Promise<string[] | string> {
  const resolution = await resolve(spec, address, opts);
  return resolution.kind === 'local' ? resolution.accounts.filter((a) => a.stored).map((a) => a.address) : resolution.kind;
}

/** The forwards of a local resolution as `recipient via forwarder`. */
async function forwards(spec: DirectorySpec, address: string, opts: Partial<ResolveOptions> = {}): Promise<string[]> {
  const resolution = await resolve(spec, address, opts);
  assert.equal(resolution.kind, 'local');
  return resolution.kind === 'local' ? resolution.forwards.map((f) => `${f.recipient} via ${f.forwarder}`) : [];
}

const BASIC: DirectorySpec = { accounts: ['ann@example.test', 'bob@example.test'] };

test('delivers to the account with exactly this address, with its id and address', async () => {
  assert.deepEqual(await resolve(BASIC, 'bob@example.test'), { kind: 'local', accounts: [{ accountId: 2, address: 'bob@example.test', stored: true }], forwards: [], detail: null });
});

test('resolves addresses case-insensitively, quoted or not', async () => {
  assert.deepEqual(await reach(BASIC, 'ANN@Example.Test'), ['ann@example.test']);
  assert.deepEqual(await reach(BASIC, '"Ann"@example.test'), ['ann@example.test']);
  assert.deepEqual(await reach({ ...BASIC, aliases: { 'team@example.test': ['ANN@EXAMPLE.TEST'] } }, 'Team@EXAMPLE.test'), ['ann@example.test']);
});

test('reports an unknown user of a local domain as unknown', async () => {
  assert.equal(await reach(BASIC, 'carol@example.test'), 'unknown');
});

test('reports an address of a domain that is not local as remote', async () => {
  assert.equal(await reach(BASIC, 'ann@remote.example'), 'remote');
  assert.equal(await reach(BASIC, 'ann@sub.example.test'), 'remote');
});

test('expands an alias to its account target', async () => {
  assert.deepEqual(await reach({ ...BASIC, aliases: { 'info@example.test': ['bob@example.test'] } }, 'info@example.test'), ['bob@example.test']);
});

test('prefers an alias over an account of the same address', async () => {
  assert.deepEqual(await reach({ ...BASIC, aliases: { 'ann@example.test': ['bob@example.test'] } }, 'ann@example.test'), ['bob@example.test']);
});

test('delivers an alias that names itself to the account of that address as well as to its other targets', async () => {
  const spec = { ...BASIC, aliases: { 'ann@example.test': ['ann@example.test', 'bob@example.test'] } };
  assert.deepEqual(await reach(spec, 'ann@example.test'), ['ann@example.test', 'bob@example.test']);
});

test('expands nested aliases', async () => {
  const spec = { ...BASIC, aliases: { 'a@example.test': ['b@example.test'], 'b@example.test': ['c@example.test'], 'c@example.test': ['ann@example.test'] } };
  assert.deepEqual(await reach(spec, 'a@example.test'), ['ann@example.test']);
});

test('reports aliases that only lead back to themselves as a loop', async () => {
  assert.equal(await reach({ ...BASIC, aliases: { 'a@example.test': ['a@example.test'] } }, 'a@example.test'), 'loop');
  assert.equal(await reach({ ...BASIC, aliases: { 'a@example.test': ['b@example.test'], 'b@example.test': ['a@example.test'] } }, 'a@example.test'), 'loop');
});

test('still delivers to the accounts of an alias that also has a looping target', async () => {
  const spec = { ...BASIC, aliases: { 'a@example.test': ['b@example.test', 'ann@example.test'], 'b@example.test': ['a@example.test'] } };
  assert.deepEqual(await reach(spec, 'a@example.test'), ['ann@example.test']);
});

test('reports aliases nested deeper than max_alias_depth as a loop', async () => {
  const spec = { ...BASIC, aliases: { 'a@example.test': ['b@example.test'], 'b@example.test': ['c@example.test'], 'c@example.test': ['ann@example.test'] } };
  assert.equal(await reach(spec, 'a@example.test', { maxAliasDepth: 2 }), 'loop');
  assert.deepEqual(await reach(spec, 'a@example.test', { maxAliasDepth: 3 }), ['ann@example.test']);
});

test('fans an alias out to several accounts, each account once', async () => {
  const spec = {
    accounts: ['ann@example.test', 'bob@example.test', 'cid@example.test'],
    aliases: {
      'all@example.test': ['ann@example.test', 'team@example.test', 'Bob@example.test', 'ann+x@example.test'],
      'team@example.test': ['bob@example.test', 'cid@example.test', 'ann@example.test'],
    },
  };
  assert.deepEqual(await reach(spec, 'all@example.test'), ['ann@example.test', 'bob@example.test', 'cid@example.test']);
});

test('expands an alias reached by two paths once, without calling it a loop', async () => {
  const dir = directory({
    ...BASIC,
    aliases: { 'x@example.test': ['y@example.test', 'z@example.test'], 'y@example.test': ['w@example.test'], 'z@example.test': ['w@example.test'], 'w@example.test': ['ann@example.test'] },
  });
  const resolution = await resolveRecipient('x@example.test', dir, OPTIONS);
  assert.deepEqual(resolution, { kind: 'local', accounts: [{ accountId: 1, address: 'ann@example.test', stored: true }], forwards: [], detail: null });
});

test('skips alias targets that reach nothing, and is unknown when no target reaches an account or a remote address', async () => {
  const spec = { ...BASIC, aliases: { 'fwd@example.test': ['gone@example.test', 'bob@example.test'], 'out@example.test': ['gone@example.test', 'nobody@example.test'] } };
  assert.deepEqual(await reach(spec, 'fwd@example.test'), ['bob@example.test']);
  assert.equal(await reach(spec, 'out@example.test'), 'unknown');
});

test('forwards an alias to its remote targets beside its local accounts, naming the alias as forwarder', async () => {
  const spec = { ...BASIC, aliases: { 'team@example.test': ['ann@example.test', 'friend@remote.example', 'gone@example.test', 'other@else.example'] } };
  assert.deepEqual(await resolve(spec, 'Team@example.test'), {
    kind: 'local',
    accounts: [{ accountId: 1, address: 'ann@example.test', stored: true }],
    forwards: [
      { recipient: 'friend@remote.example', forwarder: 'team@example.test' },
      { recipient: 'other@else.example', forwarder: 'team@example.test' },
    ],
    detail: null,
  });
});

test('resolves an alias with only remote targets to its forwards', async () => {
  const spec = { ...BASIC, aliases: { 'out@example.test': ['someone@remote.example'] } };
  assert.deepEqual(await resolve(spec, 'out@example.test'), {
    kind: 'local',
    accounts: [],
    forwards: [{ recipient: 'someone@remote.example', forwarder: 'out@example.test' }],
    detail: null,
  });
});

test('collects the remote targets of nested aliases, each remote address once, with the alias that names it', async () => {
  const spec = {
    ...BASIC,
    aliases: {
      'all@example.test': ['team@example.test', 'friend@remote.example', 'ops@example.test'],
      'team@example.test': ['bob@example.test', 'friend@Remote.Example', 'partner@remote.example'],
      'ops@example.test': ['team@example.test', 'pager@remote.example'],
    },
  };
  assert.deepEqual(await reach(spec, 'all@example.test'), ['bob@example.test']);
  assert.deepEqual(await forwards(spec, 'all@example.test'), [
    'friend@remote.example via team@example.test',
    'partner@remote.example via team@example.test',
    'pager@remote.example via ops@example.test',
  ]);
});

test('forwards through a catch-all and a domain alias with the local alias as forwarder', async () => {
  const spec = { domains: ['example.test', ['alias.test', 'example.test'] as [string, string]], accounts: ['ann@example.test'], aliases: { '@example.test': ['inbox@remote.example'] } };
  assert.deepEqual(await forwards(spec, 'anything@alias.test'), ['inbox@remote.example via @example.test']);
});

test('keeps the loop rule for aliases with remote targets: a cycle still reaches the remote target once', async () => {
  const spec = { ...BASIC, aliases: { 'a@example.test': ['b@example.test', 'x@remote.example'], 'b@example.test': ['a@example.test', 'x@remote.example'] } };
  assert.deepEqual(await forwards(spec, 'a@example.test'), ['x@remote.example via b@example.test']);
  assert.deepEqual(await reach(spec, 'a@example.test'), []);
});

test('forwards an account that keeps a copy to its targets and stores it in its own INBOX too', async () => {
  const spec = { accounts: [{ address: 'ann@example.test', forwardTo: ['ann@remote.example', 'bob@example.test'] }, 'bob@example.test'] };
  assert.deepEqual(await resolve(spec, 'ann@example.test'), {
    kind: 'local',
    accounts: [
      { accountId: 1, address: 'ann@example.test', stored: true },
      { accountId: 2, address: 'bob@example.test', stored: true },
    ],
    forwards: [{ recipient: 'ann@remote.example', forwarder: 'ann@example.test' }],
    detail: null,
  });
});

test('forwards an account without a copy: it is reached but not stored', async () => {
  const spec = { accounts: [{ address: 'ann@example.test', forwardTo: ['ann@remote.example'], keepCopy: false }, 'bob@example.test'] };
  assert.deepEqual(await resolve(spec, 'ann+news@example.test'), {
    kind: 'local',
    accounts: [{ accountId: 1, address: 'ann@example.test', stored: false }],
    forwards: [{ recipient: 'ann@remote.example', forwarder: 'ann@example.test' }],
    detail: 'news',
  });
});

test('applies account forwarding to an account reached through an alias, postmaster and a domain alias', async () => {
  const spec = {
    domains: ['example.test', ['alias.test', 'example.test'] as [string, string]],
    accounts: [{ address: 'boss@example.test', isAdmin: true, forwardTo: ['boss@home.example'], keepCopy: false }, 'ann@example.test'],
    aliases: { 'sales@example.test': ['boss@example.test', 'ann@example.test'] },
  };
  assert.deepEqual(await reach(spec, 'sales@example.test'), ['ann@example.test']);
  assert.deepEqual(await forwards(spec, 'sales@example.test'), ['boss@home.example via boss@example.test']);
  assert.deepEqual(await forwards(spec, 'postmaster@alias.test'), ['boss@home.example via boss@example.test']);
});

test('delivers to a forwarding account when its forwarding comes back to it, and follows a local chain', async () => {
  const spec = {
    accounts: [
      { address: 'ann@example.test', forwardTo: ['bob@example.test'], keepCopy: false },
      { address: 'bob@example.test', forwardTo: ['ann@example.test', 'bob@remote.example'], keepCopy: false },
    ],
  };
  assert.deepEqual(await reach(spec, 'ann@example.test'), ['ann@example.test']);
  assert.deepEqual(await forwards(spec, 'ann@example.test'), ['bob@remote.example via bob@example.test']);
  assert.deepEqual(await reach(spec, 'bob@example.test'), ['bob@example.test']);
});

test('keeps the message in a forwarding account whose targets reach nothing', async () => {
  const spec = { accounts: [{ address: 'ann@example.test', forwardTo: ['gone@example.test'], keepCopy: false }] };
  assert.deepEqual(await reach(spec, 'ann@example.test'), ['ann@example.test']);
});

test('does not keep a copy in a forwarding account whose target another branch already expanded', async () => {
  const spec = {
    accounts: [{ address: 'ann@example.test', forwardTo: ['team@example.test'], keepCopy: false }],
    aliases: { 'all@example.test': ['team@example.test', 'ann@example.test'], 'team@example.test': ['x@remote.example'] },
  };
  assert.deepEqual(await reach(spec, 'all@example.test'), []);
  assert.deepEqual(await forwards(spec, 'all@example.test'), ['x@remote.example via team@example.test']);
});

test('counts account forwarding towards max_alias_depth', async () => {
  const spec = { accounts: [{ address: 'ann@example.test', forwardTo: ['ann@remote.example'] }], aliases: { 'a@example.test': ['ann@example.test'] } };
  assert.equal(await reach(spec, 'a@example.test', { maxAliasDepth: 1 }), 'loop');
  assert.deepEqual(await forwards(spec, 'a@example.test', { maxAliasDepth: 2 }), ['ann@remote.example via ann@example.test']);
});

test('lets an alias named like a forwarding account deliver to that account and its forwards', async () => {
  const spec = { accounts: [{ address: 'ann@example.test', forwardTo: ['ann@remote.example'] }, 'bob@example.test'], aliases: { 'ann@example.test': ['ann@example.test', 'bob@example.test'] } };
  assert.deepEqual(await reach(spec, 'ann@example.test'), ['ann@example.test', 'bob@example.test']);
  assert.deepEqual(await forwards(spec, 'ann@example.test'), ['ann@remote.example via ann@example.test']);
});

test('delivers an unknown local part to the catch-all alias', async () => {
  const spec = { ...BASIC, aliases: { '@example.test': ['bob@example.test'] } };
  assert.deepEqual(await reach(spec, 'anything@example.test'), ['bob@example.test']);
  assert.deepEqual(await reach(spec, 'ann@example.test'), ['ann@example.test']);
});

test('reports a catch-all whose target falls back to the catch-all as a loop', async () => {
  assert.equal(await reach({ ...BASIC, aliases: { '@example.test': ['nobody@example.test'] } }, 'x@example.test'), 'loop');
});

test('delivers a sub-address to its user and keeps the detail', async () => {
  assert.deepEqual(await resolve(BASIC, 'Ann+Lists@example.test'), { kind: 'local', accounts: [{ accountId: 1, address: 'ann@example.test', stored: true }], forwards: [], detail: 'lists' });
});

test('delivers a sub-address of an alias through the alias', async () => {
  const spec = { ...BASIC, aliases: { 'sales@example.test': ['bob@example.test'] } };
  assert.deepEqual(await resolve(spec, 'sales+web@example.test'), { kind: 'local', accounts: [{ accountId: 2, address: 'bob@example.test', stored: true }], forwards: [], detail: 'web' });
});

test('prefers an exact account or alias with the delimiter in its name over the sub-address rule', async () => {
  const spec = { accounts: ['ann@example.test', 'ann+work@example.test'], aliases: { 'ann+home@example.test': ['ann+work@example.test'] } };
  assert.deepEqual(await resolve(spec, 'ann+work@example.test'), { kind: 'local', accounts: [{ accountId: 2, address: 'ann+work@example.test', stored: true }], forwards: [], detail: null });
  assert.deepEqual(await reach(spec, 'ann+home@example.test'), ['ann+work@example.test']);
});

test('tries the sub-address rule before the catch-all', async () => {
  const spec = { ...BASIC, aliases: { '@example.test': ['bob@example.test'] } };
  assert.deepEqual(await reach(spec, 'ann+x@example.test'), ['ann@example.test']);
});

test('does not split sub-addresses when the delimiter is disabled, and uses a configured delimiter', async () => {
  assert.equal(await reach(BASIC, 'ann+x@example.test', { plusDelimiter: '' }), 'unknown');
  assert.equal(await reach(BASIC, 'ann+x@example.test', { plusDelimiter: '-' }), 'unknown');
  assert.deepEqual(await reach(BASIC, 'ann-x@example.test', { plusDelimiter: '-' }), ['ann@example.test']);
});

test('maps an address of a domain alias onto the domain it aliases', async () => {
  const spec = { domains: ['example.test', ['alias.test', 'example.test'] as [string, string]], accounts: ['ann@example.test'], aliases: { 'info@example.test': ['ann@example.test'] } };
  assert.deepEqual(await reach(spec, 'ANN@Alias.Test'), ['ann@example.test']);
  assert.deepEqual(await reach(spec, 'info@alias.test'), ['ann@example.test']);
  assert.deepEqual(await reach(spec, 'ann+x@alias.test'), ['ann@example.test']);
  assert.equal(await reach(spec, 'nobody@alias.test'), 'unknown');
});

test('reports a domain alias onto a missing domain as unknown and a cycle of domain aliases as a loop', async () => {
  assert.equal(await reach({ domains: [['alias.test', 'gone.test']] }, 'ann@alias.test'), 'unknown');
  assert.equal(await reach({ domains: [['a.test', 'b.test'], ['b.test', 'a.test']] }, 'ann@a.test'), 'loop');
});

const ADMINS: DirectorySpec = {
  domains: ['example.test', 'other.test'],
  accounts: [{ address: 'root@other.test', isAdmin: true }, { address: 'boss@example.test', isAdmin: true }, 'ann@example.test'],
};

test('delivers postmaster and abuse of a local domain to the domain\'s first admin', async () => {
  assert.deepEqual(await reach(ADMINS, 'postmaster@example.test'), ['boss@example.test']);
  assert.deepEqual(await reach(ADMINS, 'Abuse@Example.Test'), ['boss@example.test']);
  assert.deepEqual(await reach(ADMINS, 'postmaster+report@example.test'), ['boss@example.test']);
  assert.deepEqual(await reach(ADMINS, 'abuse@other.test'), ['root@other.test']);
});

test('delivers postmaster of a domain without an admin to the server\'s first admin', async () => {
  const spec = { ...ADMINS, domains: ['example.test', 'other.test', 'third.test'] };
  assert.deepEqual(await reach(spec, 'postmaster@third.test'), ['root@other.test']);
});

test('lets an alias or account named postmaster or abuse override the default', async () => {
  const spec = { ...ADMINS, accounts: [...(ADMINS.accounts ?? []), 'abuse@example.test'], aliases: { 'postmaster@example.test': ['ann@example.test'] } };
  assert.deepEqual(await reach(spec, 'postmaster@example.test'), ['ann@example.test']);
  assert.deepEqual(await reach(spec, 'abuse@example.test'), ['abuse@example.test']);
});

test('prefers the postmaster default over the catch-all', async () => {
  assert.deepEqual(await reach({ ...ADMINS, aliases: { '@example.test': ['ann@example.test'] } }, 'postmaster@example.test'), ['boss@example.test']);
});

test('uses the catch-all for postmaster when there is no admin at all', async () => {
  const spec = { accounts: ['ann@example.test'], aliases: { '@example.test': ['ann@example.test'] } };
  assert.deepEqual(await reach(spec, 'postmaster@example.test'), ['ann@example.test']);
  assert.equal(await reach({ accounts: ['ann@example.test'] }, 'postmaster@example.test'), 'unknown');
});

test('delivers a bare postmaster without a domain as postmaster of the first domain', async () => {
  assert.deepEqual(await reach(ADMINS, 'Postmaster'), ['boss@example.test']);
  const overridden = { ...ADMINS, aliases: { 'postmaster@example.test': ['ann@example.test'] } };
  assert.deepEqual(await reach(overridden, 'postmaster'), ['ann@example.test']);
});

test('reports any other address without a domain as unknown', async () => {
  assert.equal(await reach(ADMINS, 'ann'), 'unknown');
  assert.equal(await reach(ADMINS, 'abuse'), 'unknown');
  assert.equal(await reach({ domains: [] }, 'postmaster'), 'unknown');
});

test('reports an empty local part as unknown rather than matching the catch-all alias itself', async () => {
  assert.equal(await reach({ ...BASIC, aliases: { '@example.test': ['ann@example.test'] } }, '@example.test'), 'unknown');
});

test('bounds the lookups of a wide alias tree by the number of distinct aliases', async () => {
  const aliases: Record<string, string[]> = {};
  for (let level = 0; level < 8; level++) aliases[`l${level}@example.test`] = [`l${level + 1}@example.test`, `l${level + 1}@example.test`, `l${level + 1}@example.test`];
  aliases['l8@example.test'] = ['ann@example.test'];
  const dir = directory({ ...BASIC, aliases });
  const resolution = await resolveRecipient('l0@example.test', dir, OPTIONS);
  assert.deepEqual(resolution, { kind: 'local', accounts: [{ accountId: 1, address: 'ann@example.test', stored: true }], forwards: [], detail: null });
  assert.ok(dir.lookups < 100, `${dir.lookups} lookups`);
});
