// When a check renews: a missing or unreadable certificate, one lacking a configured name, one within
// renew_before of its expiry, one from another CA; otherwise nothing until the next check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renewalReason } from '../../src/tls/acme/index.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2030, 0, 1);
const CA = 'https://acme-v02.api.letsencrypt.org/directory';
const present = (daysLeft: number, names: string[]) => ({ kind: 'present' as const, notAfter: NOW + daysLeft * DAY, serialNumber: '01', covers: (name: string) => names.includes(name) });

test('renews a missing, unreadable, incomplete or expiring certificate and leaves a valid one alone', () => {
  const names = ['mx.example.test', 'mail.example.test'];
  const policy = { hostnames: names, directoryUrl: CA, renewBeforeMs: 30 * DAY };
  assert.equal(renewalReason({ kind: 'missing' }, undefined, policy, NOW), 'missing');
  assert.equal(renewalReason({ kind: 'unreadable', detail: 'bad PEM' }, CA, policy, NOW), 'unreadable');
  assert.equal(renewalReason(present(60, ['mx.example.test']), CA, policy, NOW), 'hostnames changed');
  assert.equal(renewalReason(present(30, names), CA, policy, NOW), 'expiring');
  assert.equal(renewalReason(present(-1, names), CA, policy, NOW), 'expiring');
  // A day's margin: renewed before the 30-day expiry mail could go out.
  assert.equal(renewalReason(present(31, names), CA, policy, NOW), 'expiring');
  assert.equal(renewalReason(present(31.1, names), CA, policy, NOW), undefined);
});

test('replaces a certificate of another CA (staging → production), but not one ACME did not write', () => {
  const names = ['mx.example.test'];
  const policy = { hostnames: names, directoryUrl: CA, renewBeforeMs: 30 * DAY };
  assert.equal(renewalReason(present(80, names), 'https://acme-staging-v02.api.letsencrypt.org/directory', policy, NOW), 'CA changed');
  assert.equal(renewalReason(present(80, names), undefined, policy, NOW), undefined);
});
