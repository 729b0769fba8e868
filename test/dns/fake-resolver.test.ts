// The fake resolver answers like node:dns does against a real server serving the same zone, so unit
// tests that use the fake test what production will see.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodeResolver, type DnsResult, type Resolver } from '../../src/dns/index.ts';
import { FakeResolver, type Zone } from '../fakes/resolver.ts';
import { startDnsServer } from '../helpers/dns-server.ts';

const ZONE: Zone = {
  'example.test': {
    mx: [{ preference: 10, exchange: 'mx.example.test' }],
    a: ['192.0.2.1'],
    aaaa: ['2001:db8::1'],
    txt: ['v=spf1 -all', 'x'.repeat(300)],
  },
  'mx.example.test': { a: ['192.0.2.2'] },
  'nomail.test': { mx: [{ preference: 0, exchange: '' }] },
  'down.test': { fail: { mx: 'servfail', a: 'refused', aaaa: 'servfail', txt: 'error' } },
};

const NAMES = ['example.test', 'Example.TEST.', 'mx.example.test', 'nomail.test', 'down.test', 'missing.test'];

/** A result without the free-text detail, which differs between implementations. */
function comparable<T>(result: DnsResult<T>): unknown {
  return result.kind === 'temporary' ? { kind: 'temporary', reason: result.reason } : result;
}

async function answers(resolver: Resolver): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const name of NAMES) {
    out.push(comparable(await resolver.mx(name)), comparable(await resolver.a(name)), comparable(await resolver.aaaa(name)));
    out.push(comparable(await resolver.txt(name)));
  }
  return out;
}

test('the fake gives the same answers as node:dns against the test DNS server for the same zone', async (t) => {
  const dns = await startDnsServer(ZONE);
  t.after(() => dns.close());
  const real = new NodeResolver({ servers: [dns.address], timeoutMs: 500, tries: 1 });
  assert.deepEqual(await answers(new FakeResolver(ZONE)), await answers(real));
});

test('records every lookup as "type name"', async () => {
  const fake = new FakeResolver(ZONE);
  await fake.mx('Example.TEST.');
  await fake.aaaa('mx.example.test');
  assert.deepEqual(fake.queries, ['mx example.test', 'aaaa mx.example.test']);
});

test('injects a temporary failure per name and type, leaving other types answered', async () => {
  const fake = new FakeResolver({ 'flaky.test': { a: ['192.0.2.9'], fail: { aaaa: 'timeout' } } });
  assert.deepEqual(await fake.aaaa('flaky.test'), { kind: 'temporary', reason: 'timeout', detail: 'fake timeout for aaaa flaky.test' });
  assert.deepEqual(await fake.a('flaky.test'), { kind: 'records', records: ['192.0.2.9'] });
});

test('sees changes to its zone made between lookups, and hands out copies of the records', async () => {
  const fake = new FakeResolver();
  assert.deepEqual(await fake.a('late.test'), { kind: 'nxdomain' });
  fake.zone['late.test'] = { a: ['192.0.2.3'] };
  const first = await fake.a('late.test');
  if (first.kind === 'records') first.records.push('192.0.2.99');
  assert.deepEqual(await fake.a('late.test'), { kind: 'records', records: ['192.0.2.3'] });
});
