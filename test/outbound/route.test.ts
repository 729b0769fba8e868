import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ROUTE_SETTINGS, resolveRoute, type NextHop, type RouteResult, type RouteSettings, type TransportRoute } from '../../src/outbound/index.ts';
import { FakeResolver, type Zone } from '../fakes/resolver.ts';
import { prng } from '../helpers/prng.ts';

const OWN = 'mx.mailstead.test';

function settings(overrides: Partial<RouteSettings> = {}): RouteSettings {
  return { ...DEFAULT_ROUTE_SETTINGS, ownHostnames: [OWN], ...overrides };
}

async function route(domain: string, zone: Zone, overrides: Partial<RouteSettings> = {}, seed = 1): Promise<{ result: RouteResult; queries: string[] }> {
  const resolver = new FakeResolver(zone);
  const result = await resolveRoute(domain, settings(overrides), { resolver, random: prng(seed) });
  return { result, queries: resolver.queries };
}

/** "host:port=addr,addr" per candidate, or "code enhanced text" for a failure. */
function summary(result: RouteResult): string[] | string {
  if (result.kind !== 'deliver') return `${result.kind} ${result.code} ${result.enhanced} ${result.text}`;
  return result.candidates.map((c) => `${c.host}:${c.port}=${c.addresses.join(',')}`);
}

function hop(host: string, port = 2525): NextHop {
  return { host, port, tls: 'opportunistic', auth: null };
}

function transport(domain: string, host: string, port = 2525): TransportRoute {
  return { domain, ...hop(host, port) };
}

const TWO_MX: Zone = {
  'example.com': {
    mx: [
      { preference: 20, exchange: 'backup.example.com' },
      { preference: 10, exchange: 'primary.example.com' },
    ],
  },
  'primary.example.com': { a: ['192.0.2.1'], aaaa: ['2001:db8::1'] },
  'backup.example.com': { a: ['192.0.2.2'] },
};

// MX ordering (RFC 5321 §5.1)

test('delivers to the MX hosts by ascending preference, IPv6 addresses first by default', async () => {
  const { result } = await route('example.com', TWO_MX);
  assert.deepEqual(summary(result), ['primary.example.com:25=2001:db8::1,192.0.2.1', 'backup.example.com:25=192.0.2.2']);
  assert.deepEqual(result.kind === 'deliver' && result.via, { kind: 'mx' });
});

test('uses mxPort for MX delivery', async () => {
  const { result } = await route('example.com', TWO_MX, { mxPort: 2526 });
  assert.deepEqual(summary(result), ['primary.example.com:2526=2001:db8::1,192.0.2.1', 'backup.example.com:2526=192.0.2.2']);
});

test('orders hosts of equal preference randomly, reproducibly for a seed, never across preferences', async () => {
  const zone: Zone = {
    'example.com': {
      mx: [
        { preference: 10, exchange: 'a.example.com' },
        { preference: 10, exchange: 'b.example.com' },
        { preference: 10, exchange: 'c.example.com' },
        { preference: 5, exchange: 'best.example.com' },
        { preference: 30, exchange: 'last.example.com' },
      ],
    },
    'a.example.com': { a: ['192.0.2.1'] },
    'b.example.com': { a: ['192.0.2.2'] },
    'c.example.com': { a: ['192.0.2.3'] },
    'best.example.com': { a: ['192.0.2.4'] },
    'last.example.com': { a: ['192.0.2.5'] },
  };
  const firstOfTheTens = new Map<string, number>();
  for (let seed = 1; seed <= 60; seed++) {
    const { result } = await route('example.com', zone, {}, seed);
    assert.equal(result.kind, 'deliver');
    const hosts = result.kind === 'deliver' ? result.candidates.map((c) => c.host) : [];
    assert.equal(hosts[0], 'best.example.com');
    assert.equal(hosts[4], 'last.example.com');
    assert.deepEqual(hosts.slice(1, 4).sort(), ['a.example.com', 'b.example.com', 'c.example.com']);
    firstOfTheTens.set(hosts[1]!, (firstOfTheTens.get(hosts[1]!) ?? 0) + 1);
    assert.deepEqual(summary((await route('example.com', zone, {}, seed)).result), summary(result), `seed ${seed} reproduces`);
  }
  assert.equal(firstOfTheTens.size, 3, JSON.stringify([...firstOfTheTens]));
  for (const count of firstOfTheTens.values()) assert.ok(count >= 8, JSON.stringify([...firstOfTheTens]));
});

test('lists a host named by several MX records once, at its best preference', async () => {
  const zone: Zone = {
    'example.com': {
      mx: [
        { preference: 30, exchange: 'Primary.Example.com' },
        { preference: 10, exchange: 'primary.example.com' },
        { preference: 20, exchange: 'backup.example.com' },
      ],
    },
    'primary.example.com': { a: ['192.0.2.1'] },
    'backup.example.com': { a: ['192.0.2.2'] },
  };
  assert.deepEqual(summary((await route('example.com', zone)).result), ['primary.example.com:25=192.0.2.1', 'backup.example.com:25=192.0.2.2']);
});

test('looks an internationalised domain up by its A-label', async () => {
  const { result, queries } = await route('Bücher.example', { 'xn--bcher-kva.example': { a: ['192.0.2.7'] } });
  assert.deepEqual(summary(result), ['xn--bcher-kva.example:25=192.0.2.7']);
  assert.equal(queries[0], 'mx xn--bcher-kva.example');
});

// Implicit MX, null MX, definite failures

test('falls back to the domain itself as implicit MX when it has no MX records (RFC 5321 §5.1)', async () => {
  const { result } = await route('example.com', { 'example.com': { a: ['192.0.2.9'], aaaa: ['2001:db8::9'] } });
  assert.deepEqual(summary(result), ['example.com:25=2001:db8::9,192.0.2.9']);
});

test('bounces a domain without MX or address records with 550 5.4.4', async () => {
  const { result } = await route('example.com', { 'example.com': { txt: ['v=spf1 -all'] } });
  assert.equal(summary(result), 'permanent 550 5.4.4 No usable mail exchanger for example.com (example.com: no addresses (AAAA nodata, A nodata))');
});

test('bounces a null MX domain at once with 556 5.1.10, without address lookups (RFC 7505)', async () => {
  const { result, queries } = await route('nomail.example', { 'nomail.example': { mx: [{ preference: 0, exchange: '' }], a: ['192.0.2.1'] } });
  assert.equal(summary(result), 'permanent 556 5.1.10 Domain nomail.example does not accept mail (null MX)');
  assert.deepEqual(queries, ['mx nomail.example']);
});

test('ignores a null MX listed next to real MX records', async () => {
  const zone: Zone = {
    'example.com': {
      mx: [
        { preference: 0, exchange: '' },
        { preference: 10, exchange: 'mx.example.com' },
      ],
    },
    'mx.example.com': { a: ['192.0.2.1'] },
  };
  const { result } = await route('example.com', zone);
  assert.deepEqual(summary(result), ['mx.example.com:25=192.0.2.1']);
  assert.deepEqual(result.kind === 'deliver' && result.notes, ['ignored null MX listed with other MX records']);
});

test('bounces a domain that does not exist with 550 5.1.2', async () => {
  const { result, queries } = await route('missing.example', {});
  assert.equal(summary(result), 'permanent 550 5.1.2 Domain missing.example does not exist');
  assert.deepEqual(queries, ['mx missing.example']);
});

test('bounces a domain that is not a host name with 550 5.1.2, without DNS', async () => {
  const { result, queries } = await route('bad..example', {});
  assert.equal(summary(result), 'permanent 550 5.1.2 Bad destination domain "bad..example"');
  assert.deepEqual(queries, []);
});

test('skips an MX exchange that is an IP address, and bounces when nothing else is left', async () => {
  const zone: Zone = {
    'example.com': {
      mx: [
        { preference: 10, exchange: '192.0.2.1' },
        { preference: 20, exchange: 'mx.example.com' },
      ],
    },
    'mx.example.com': { a: ['192.0.2.2'] },
    'numeric.example': { mx: [{ preference: 10, exchange: '192.0.2.1' }] },
  };
  const mixed = await route('example.com', zone);
  assert.deepEqual(summary(mixed.result), ['mx.example.com:25=192.0.2.2']);
  assert.deepEqual(mixed.result.kind === 'deliver' && mixed.result.notes, ['ignored MX 192.0.2.1: not a host name']);
  const only = await route('numeric.example', zone);
  assert.equal(summary(only.result), 'permanent 550 5.4.4 No usable mail exchanger for numeric.example (ignored MX 192.0.2.1: not a host name)');
  assert.ok(!only.queries.includes('a 192.0.2.1'));
});

// Temporary failures and partial answers

test('defers with 451 4.4.3 when the MX lookup fails temporarily, without falling back to A records', async () => {
  const { result, queries } = await route('example.com', { 'example.com': { a: ['192.0.2.1'], fail: { mx: 'servfail' } } });
  assert.equal(summary(result), 'temporary 451 4.4.3 DNS lookup for example.com failed temporarily (MX servfail)');
  assert.deepEqual(queries, ['mx example.com']);
});

test('uses the IPv4 addresses of a host whose AAAA lookup failed temporarily, with a note', async () => {
  const zone: Zone = { ...TWO_MX, 'primary.example.com': { a: ['192.0.2.1'], fail: { aaaa: 'timeout' } } };
  const { result } = await route('example.com', zone);
  assert.deepEqual(summary(result), ['primary.example.com:25=192.0.2.1', 'backup.example.com:25=192.0.2.2']);
  assert.deepEqual(result.kind === 'deliver' && result.notes, ['primary.example.com: AAAA timeout']);
});

test('skips MX hosts that resolve to nothing and delivers to the others', async () => {
  const zone: Zone = {
    'example.com': {
      mx: [
        { preference: 10, exchange: 'gone.example.com' },
        { preference: 20, exchange: 'flaky.example.com' },
        { preference: 30, exchange: 'ok.example.com' },
      ],
    },
    'flaky.example.com': { fail: { a: 'servfail', aaaa: 'timeout' } },
    'ok.example.com': { aaaa: ['2001:db8::3'] },
  };
  const { result } = await route('example.com', zone);
  assert.deepEqual(summary(result), ['ok.example.com:25=2001:db8::3']);
  assert.deepEqual(result.kind === 'deliver' && result.notes, [
    'gone.example.com: no addresses (AAAA nxdomain, A nxdomain)',
    'flaky.example.com: no addresses (AAAA timeout, A servfail)',
  ]);
});

test('defers when no MX host has an address and one of them failed temporarily', async () => {
  const zone: Zone = {
    'example.com': {
      mx: [
        { preference: 10, exchange: 'gone.example.com' },
        { preference: 20, exchange: 'flaky.example.com' },
      ],
    },
    'flaky.example.com': { fail: { a: 'servfail', aaaa: 'servfail' } },
  };
  const { result } = await route('example.com', zone);
  assert.equal(result.kind, 'temporary');
  assert.equal(result.kind === 'temporary' && `${result.code} ${result.enhanced}`, '451 4.4.3');
});

test('bounces with 550 5.4.4 when every MX host definitely has no address', async () => {
  const zone: Zone = { 'example.com': { mx: [{ preference: 10, exchange: 'gone.example.com' }] } };
  const { result } = await route('example.com', zone);
  assert.equal(summary(result), 'permanent 550 5.4.4 No usable mail exchanger for example.com (gone.example.com: no addresses (AAAA nxdomain, A nxdomain))');
});

test('considers at most maxMxHosts MX hosts', async () => {
  const zone: Zone = { 'example.com': { mx: [1, 2, 3, 4].map((n) => ({ preference: n, exchange: `mx${n}.example.com` })) } };
  for (const n of [1, 2, 3, 4]) zone[`mx${n}.example.com`] = { a: [`192.0.2.${n}`] };
  const { result, queries } = await route('example.com', zone, { maxMxHosts: 2 });
  assert.deepEqual(summary(result), ['mx1.example.com:25=192.0.2.1', 'mx2.example.com:25=192.0.2.2']);
  assert.deepEqual(result.kind === 'deliver' && result.notes, ['2 MX hosts beyond the first 2 ignored']);
  assert.ok(!queries.some((q) => q.includes('mx3') || q.includes('mx4')));
});

// Address families

test('orders addresses and families as addressPreference says', async () => {
  const zone: Zone = { 'example.com': { a: ['192.0.2.1', '192.0.2.2'], aaaa: ['2001:db8::1', '2001:db8::2'] } };
  const expected: Record<RouteSettings['addressPreference'], string> = {
    'ipv6-first': '2001:db8::1,2001:db8::2,192.0.2.1,192.0.2.2',
    'ipv4-first': '192.0.2.1,192.0.2.2,2001:db8::1,2001:db8::2',
    'ipv6-only': '2001:db8::1,2001:db8::2',
    'ipv4-only': '192.0.2.1,192.0.2.2',
  };
  for (const [addressPreference, addresses] of Object.entries(expected) as Array<[RouteSettings['addressPreference'], string]>) {
    const { result, queries } = await route('example.com', zone, { addressPreference });
    assert.deepEqual(summary(result), [`example.com:25=${addresses}`], addressPreference);
    if (addressPreference === 'ipv4-only') assert.ok(!queries.includes('aaaa example.com'));
    if (addressPreference === 'ipv6-only') assert.ok(!queries.includes('a example.com'));
  }
});

test('skips an IPv6-only MX host when only IPv4 is used', async () => {
  const zone: Zone = { ...TWO_MX, 'primary.example.com': { aaaa: ['2001:db8::1'] } };
  const { result } = await route('example.com', zone, { addressPreference: 'ipv4-only' });
  assert.deepEqual(summary(result), ['backup.example.com:25=192.0.2.2']);
});

// Loops (RFC 5321 §5.1)

test('bounces with 554 5.4.6 when our own host is the best MX', async () => {
  const zone: Zone = {
    'example.com': {
      mx: [
        { preference: 10, exchange: 'MX.Mailstead.test.' },
        { preference: 20, exchange: 'backup.example.com' },
      ],
    },
    'backup.example.com': { a: ['192.0.2.2'] },
  };
  const { result } = await route('example.com', zone);
  assert.equal(summary(result), 'permanent 554 5.4.6 mail for example.com loops back to myself');
});

test('as a backup MX, delivers only to the more preferred hosts', async () => {
  const zone: Zone = {
    'example.com': {
      mx: [
        { preference: 10, exchange: 'primary.example.com' },
        { preference: 20, exchange: OWN },
        { preference: 20, exchange: 'peer.example.com' },
        { preference: 30, exchange: 'last.example.com' },
      ],
    },
    'primary.example.com': { a: ['192.0.2.1'] },
    'peer.example.com': { a: ['192.0.2.2'] },
    'last.example.com': { a: ['192.0.2.3'] },
  };
  const { result, queries } = await route('example.com', zone);
  assert.deepEqual(summary(result), ['primary.example.com:25=192.0.2.1']);
  assert.ok(!queries.includes('a peer.example.com'));
});

test('bounces a domain whose implicit MX is our own host name', async () => {
  const { result } = await route(OWN, { [OWN]: { a: ['192.0.2.1'] } });
  assert.equal(summary(result), `permanent 554 5.4.6 mail for ${OWN} loops back to myself`);
});

test('treats an MX host resolving to one of our own addresses as ourselves', async () => {
  const zone: Zone = {
    'example.com': {
      mx: [
        { preference: 10, exchange: 'alias-of-us.example.com' },
        { preference: 20, exchange: 'backup.example.com' },
      ],
    },
    'alias-of-us.example.com': { a: ['198.51.100.7'] },
    'backup.example.com': { a: ['192.0.2.2'] },
    'only-us.example': { a: ['198.51.100.7'] },
  };
  const own = { ownAddresses: ['198.51.100.7'] };
  assert.equal(summary((await route('example.com', zone, own)).result), 'permanent 554 5.4.6 mail for example.com loops back to myself');
  assert.equal(summary((await route('only-us.example', zone, own)).result), 'permanent 554 5.4.6 mail for only-us.example loops back to myself');
  assert.deepEqual(summary((await route('example.com', zone)).result), ['alias-of-us.example.com:25=198.51.100.7', 'backup.example.com:25=192.0.2.2']);
});

// Address literals (RFC 5321 §4.1.3)

test('delivers to an address-literal domain directly, without DNS', async () => {
  for (const [domain, address] of [['[192.0.2.5]', '192.0.2.5'], ['[IPv6:2001:db8::5]', '2001:db8::5']] as const) {
    const { result, queries } = await route(domain, {});
    assert.deepEqual(summary(result), [`${address}:25=${address}`]);
    assert.deepEqual(result.kind === 'deliver' && result.via, { kind: 'address-literal' });
    assert.deepEqual(queries, []);
  }
  assert.equal(summary((await route('[2001:db8::5]', {})).result), 'permanent 550 5.1.2 Bad destination domain "[2001:db8::5]"');
  assert.equal(summary((await route('[192.0.2.5]', {}, { ownAddresses: ['192.0.2.5'] })).result), 'permanent 554 5.4.6 mail for [192.0.2.5] loops back to myself');
});

// Transport routes and the smart host

test('prefers the exact transport, then the nearest parent, then the wildcard, whatever the order', async () => {
  const transports = [
    transport('*', '[wild.relay.test]', 1),
    transport('.example.com', '[parent.relay.test]', 2),
    transport('.b.example.com', '[nearer.relay.test]', 3),
    transport('a.b.example.com', '[exact.relay.test]', 4),
  ];
  const zone: Zone = {
    'wild.relay.test': { a: ['10.0.0.1'] },
    'parent.relay.test': { a: ['10.0.0.2'] },
    'nearer.relay.test': { a: ['10.0.0.3'] },
    'exact.relay.test': { a: ['10.0.0.4'] },
  };
  const cases: Array<[string, string]> = [
    ['A.B.Example.COM', 'exact.relay.test:4=10.0.0.4'],
    ['x.a.b.example.com', 'nearer.relay.test:3=10.0.0.3'],
    ['b.example.com', 'parent.relay.test:2=10.0.0.2'],
    ['c.example.com', 'parent.relay.test:2=10.0.0.2'],
    ['example.com', 'wild.relay.test:1=10.0.0.1'], // ".example.com" matches subdomains only
    ['other.test', 'wild.relay.test:1=10.0.0.1'],
    ['[192.0.2.1]', 'wild.relay.test:1=10.0.0.1'],
  ];
  for (const [domain, expected] of cases) {
    const { result } = await route(domain, zone, { transports });
    assert.deepEqual(summary(result), [expected], domain);
  }
});

test('reports the matched transport route, and takes it before the smart host and MX', async () => {
  const partner = transport('partner.test', '127.0.0.1', 2525);
  const { result, queries } = await route('partner.test', TWO_MX, { transports: [partner], smartHost: hop('[smart.test]') });
  assert.deepEqual(summary(result), ['127.0.0.1:2525=127.0.0.1']);
  assert.deepEqual(result.kind === 'deliver' && result.via, { kind: 'transport', route: partner });
  assert.deepEqual(queries, []);
});

test('sends every domain without a transport to the smart host', async () => {
  const smartHost = hop('[smart.relay.test]', 587);
  const zone: Zone = { ...TWO_MX, 'smart.relay.test': { a: ['10.0.0.9'], aaaa: ['fd00::9'] } };
  const { result, queries } = await route('example.com', zone, { smartHost, transports: [transport('partner.test', '[10.0.0.1]')] });
  assert.deepEqual(summary(result), ['smart.relay.test:587=fd00::9,10.0.0.9']);
  assert.deepEqual(result.kind === 'deliver' && result.via, { kind: 'smart-host', hop: smartHost });
  assert.deepEqual(queries.sort(), ['a smart.relay.test', 'aaaa smart.relay.test']);
});

test('looks up the MX of a route host given without brackets, delivering on the route port', async () => {
  const zone: Zone = {
    'relay.test': { mx: [{ preference: 5, exchange: 'in.relay.test' }] },
    'in.relay.test': { a: ['10.0.0.5'] },
  };
  const { result, queries } = await route('example.com', zone, { smartHost: hop('relay.test', 2500) });
  assert.deepEqual(summary(result), ['in.relay.test:2500=10.0.0.5']);
  assert.equal(queries[0], 'mx relay.test');
});

test('uses a bracketed IPv6 route host as an address', async () => {
  const { result, queries } = await route('example.com', {}, { transports: [transport('*', '[::1]', 2600)] });
  assert.deepEqual(summary(result), ['::1:2600=::1']);
  assert.deepEqual(queries, []);
});

test('defers with 451 4.3.5 when a configured hop cannot be resolved', async () => {
  const zone: Zone = { 'nomail.relay.test': { mx: [{ preference: 0, exchange: '' }] } };
  const cases: Array<[string, string]> = [
    ['[missing.relay.test]', 'temporary 451 4.3.5 Route host missing.relay.test has no usable address (missing.relay.test: no addresses (AAAA nxdomain, A nxdomain))'],
    ['missing.relay.test', 'temporary 451 4.3.5 Route host missing.relay.test does not exist'],
    ['nomail.relay.test', 'temporary 451 4.3.5 Route host nomail.relay.test has a null MX'],
    ['bad host', 'temporary 451 4.3.5 Route host "bad host" is not a host name or IP address'],
  ];
  for (const [host, expected] of cases) {
    assert.equal(summary((await route('example.com', zone, { smartHost: hop(host) })).result), expected, host);
  }
});

test('does not treat a bracketed route to our own host as a loop (a local filter on another port)', async () => {
  const { result } = await route('example.com', { [OWN]: { a: ['127.0.0.1'] } }, { transports: [transport('*', `[${OWN}]`, 10025)] });
  assert.deepEqual(summary(result), [`${OWN}:10025=127.0.0.1`]);
});
