import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test, type TestContext } from 'node:test';
import { NodeResolver } from '../../src/dns/index.ts';
import type { Zone } from '../fakes/resolver.ts';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.ts';

const ZONE: Zone = {
  'example.test': {
    mx: [
      { preference: 10, exchange: 'mx1.example.test' },
      { preference: 20, exchange: 'MX2.example.test.' },
    ],
    a: ['192.0.2.10', '192.0.2.11'],
    aaaa: ['2001:db8::10'],
    txt: ['v=spf1 mx -all'],
  },
  'nomail.test': { mx: [{ preference: 0, exchange: '' }] },
  'long.test': { txt: [`v=DKIM1; k=rsa; p=${'A'.repeat(700)}`, 'second'] },
  'broken.test': { fail: { mx: 'servfail', a: 'refused', aaaa: 'error' } },
  'silent.test': { fail: { mx: 'timeout' } },
};

async function setup(t: TestContext, options: { timeoutMs?: number; tries?: number } = {}): Promise<{ dns: DnsTestServer; resolver: NodeResolver }> {
  const dns = await startDnsServer(structuredClone(ZONE));
  t.after(() => dns.close());
  return { dns, resolver: new NodeResolver({ servers: [dns.address], timeoutMs: options.timeoutMs ?? 500, tries: options.tries ?? 1 }) };
}

test('returns MX records with their preference, without the trailing dot', async (t) => {
  const { resolver } = await setup(t);
  assert.deepEqual(await resolver.mx('example.test'), {
    kind: 'records',
    records: [
      { preference: 10, exchange: 'mx1.example.test' },
      { preference: 20, exchange: 'MX2.example.test' },
    ],
  });
});

test('returns A and AAAA addresses', async (t) => {
  const { resolver } = await setup(t);
  assert.deepEqual(await resolver.a('example.test'), { kind: 'records', records: ['192.0.2.10', '192.0.2.11'] });
  assert.deepEqual(await resolver.aaaa('example.test'), { kind: 'records', records: ['2001:db8::10'] });
});

test('returns each TXT record as one string, joining character-strings and retrying a truncated answer over TCP', async (t) => {
  const { dns, resolver } = await setup(t);
  assert.deepEqual(await resolver.txt('example.test'), { kind: 'records', records: ['v=spf1 mx -all'] });
  const long = await resolver.txt('long.test');
  assert.equal(long.kind, 'records');
  assert.deepEqual(long.kind === 'records' ? [...long.records].sort() : [], ['second', `v=DKIM1; k=rsa; p=${'A'.repeat(700)}`]);
  // Over 512 octets: once over UDP (truncated), once over TCP.
  assert.deepEqual(dns.queries.filter((q) => q === 'txt long.test'), ['txt long.test', 'txt long.test']);
});

test('looks names up case-insensitively, with or without the trailing dot', async (t) => {
  const { resolver } = await setup(t);
  assert.deepEqual(await resolver.a('EXAMPLE.Test.'), { kind: 'records', records: ['192.0.2.10', '192.0.2.11'] });
});

test('reports a null MX as an exchange of the empty name', async (t) => {
  const { resolver } = await setup(t);
  assert.deepEqual(await resolver.mx('nomail.test'), { kind: 'records', records: [{ preference: 0, exchange: '' }] });
});

test('reports a name that does not exist as nxdomain', async (t) => {
  const { resolver } = await setup(t);
  for (const lookup of ['mx', 'a', 'aaaa', 'txt'] as const) {
    assert.deepEqual(await resolver[lookup]('missing.test'), { kind: 'nxdomain' }, lookup);
  }
});

test('reports a name without records of the type as nodata', async (t) => {
  const { resolver } = await setup(t);
  assert.deepEqual(await resolver.mx('long.test'), { kind: 'nodata' });
  assert.deepEqual(await resolver.a('nomail.test'), { kind: 'nodata' });
  assert.deepEqual(await resolver.txt('nomail.test'), { kind: 'nodata' });
});

test('maps SERVFAIL, REFUSED and NOTIMP to temporary failures', async (t) => {
  const { resolver } = await setup(t);
  const mx = await resolver.mx('broken.test');
  assert.equal(mx.kind === 'temporary' && mx.reason, 'servfail');
  const a = await resolver.a('broken.test');
  assert.equal(a.kind === 'temporary' && a.reason, 'refused');
  const aaaa = await resolver.aaaa('broken.test');
  assert.equal(aaaa.kind === 'temporary' && aaaa.reason, 'error');
  assert.match(aaaa.kind === 'temporary' ? aaaa.detail : '', /ENOTIMP/);
});

test('a server that never answers is a temporary timeout within timeout × tries', async (t) => {
  const { dns, resolver } = await setup(t, { timeoutMs: 200, tries: 2 });
  const started = performance.now();
  const result = await resolver.mx('silent.test');
  const elapsed = performance.now() - started;
  assert.equal(result.kind === 'temporary' && result.reason, 'timeout');
  assert.ok(elapsed >= 300 && elapsed < 2000, `took ${elapsed} ms`);
  assert.deepEqual(dns.queries, ['mx silent.test', 'mx silent.test']);
});

test('an unreachable server is a temporary failure within the timeout', async (t) => {
  // A port that was just free: nothing listens, so the query is refused (ICMP) or times out.
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', () => resolve()));
  const port = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const resolver = new NodeResolver({ servers: [`127.0.0.1:${port}`], timeoutMs: 300, tries: 1 });
  const started = performance.now();
  const result = await resolver.a('example.test');
  assert.equal(result.kind, 'temporary');
  assert.ok(result.kind === 'temporary' && ['network', 'timeout'].includes(result.reason), JSON.stringify(result));
  assert.ok(performance.now() - started < 2000);
  t.diagnostic(JSON.stringify(result));
});

test('answers an invalid name with nxdomain without asking the server', async (t) => {
  const { dns, resolver } = await setup(t);
  assert.deepEqual(await resolver.a('bad..name.test'), { kind: 'nxdomain' });
  assert.deepEqual(await resolver.mx(`${'a'.repeat(64)}.test`), { kind: 'nxdomain' });
  assert.deepEqual(dns.queries, []);
});

test('looks up U-labels as A-labels', async (t) => {
  const { dns, resolver } = await setup(t);
  dns.zone['xn--bcher-kva.test'] = { a: ['192.0.2.20'] };
  assert.deepEqual(await resolver.a('Bücher.test'), { kind: 'records', records: ['192.0.2.20'] });
});

test('rejects a server entry that is not an IP address with an optional port', () => {
  assert.throws(() => new NodeResolver({ servers: ['dns.example.test'] }), /invalid DNS server "dns.example.test"/);
  assert.throws(() => new NodeResolver({ servers: ['127.0.0.1:70000'] }), /invalid DNS server/);
  assert.doesNotThrow(() => new NodeResolver({ servers: ['127.0.0.1', '127.0.0.1:5353', '::1', '[::1]:5353'] }));
});

test('uses the system resolvers when no servers are configured', () => {
  assert.doesNotThrow(() => new NodeResolver({ servers: [] }));
});
