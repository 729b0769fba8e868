import assert from 'node:assert/strict';
import { test } from 'node:test';
import { transferDestination } from '../../src/outbound/transfer-destination.ts';

const candidates = [{ host: 'mx.example.test', port: 25, addresses: ['192.0.2.1'] }];

test('MX delivery is keyed by the recipient domain, with opportunistic TLS and no AUTH', () => {
  assert.deepEqual(transferDestination('Example.TEST', { kind: 'deliver', via: { kind: 'mx' }, candidates, notes: [] }), {
    key: 'example.test',
    candidates,
    tls: 'opportunistic',
  });
});

test('a configured hop is keyed by its host and port and carries its TLS and AUTH', () => {
  const hop = { host: '[Smtp.Provider.test]', port: 587, tls: 'required' as const, auth: { username: 'u', password: 'p' } };
  const viaSmartHost = transferDestination('a.test', { kind: 'deliver', via: { kind: 'smart-host', hop }, candidates, notes: [] });
  assert.deepEqual(viaSmartHost, { key: 'hop:[smtp.provider.test]:587', candidates, tls: 'required', auth: { username: 'u', password: 'p' } });
  const viaRoute = transferDestination('b.test', { kind: 'deliver', via: { kind: 'transport', route: { ...hop, domain: 'b.test' } }, candidates, notes: [] });
  assert.equal(viaRoute.key, viaSmartHost.key, 'domains relayed through one hop share its connections');
});
