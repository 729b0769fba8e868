import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateHostNames, nameMatches, normalizeHostName } from '../../src/tls/index.ts';
import { TestCa, createTestKey } from '../helpers/test-ca.ts';

const ca = await TestCa.create();
const key = await createTestKey();

test('a certificate is named by its DNS subjectAltNames, lower case, in order', async () => {
  const cert = await ca.leaf({ names: ['MX.Example.TEST', 'imap.example.test', '*.example.org'], commonName: 'ignored.example.test', key });
  assert.deepEqual(certificateHostNames(cert.x509), ['mx.example.test', 'imap.example.test', '*.example.org']);
});

test('the subject CN names a certificate only when it has no DNS subjectAltName (RFC 6125 §6.4.4)', async () => {
  const cert = await ca.leaf({ names: [], commonName: 'legacy.example.test', key });
  assert.deepEqual(certificateHostNames(cert.x509), ['legacy.example.test']);
  const nameless = await ca.leaf({ names: [], commonName: null, key });
  assert.deepEqual(certificateHostNames(nameless.x509), []);
});

test('host names compare without case and without a trailing dot', () => {
  assert.equal(normalizeHostName('MX.Example.Test.'), 'mx.example.test');
});

test('matches exact names and one-label wildcards only (RFC 6125 §6.4.3)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['mx.example.test', 'mx.example.test', true],
    ['mx.example.test', 'imap.example.test', false],
    ['*.example.test', 'mx.example.test', true],
    ['*.example.test', 'example.test', false],
    ['*.example.test', 'a.mx.example.test', false],
    ['*.example.test', 'mx.example.testing', false],
    ['mx*.example.test', 'mx1.example.test', false],
  ];
  for (const [pattern, name, expected] of cases) assert.equal(nameMatches(pattern, name), expected, `${pattern} ~ ${name}`);
});
