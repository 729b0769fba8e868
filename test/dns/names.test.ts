import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDnsServer, toDnsName } from '../../src/dns/index.ts';

test('toDnsName lower-cases, drops the trailing dot and turns U-labels into A-labels', () => {
  const cases: Array<[string, string | null]> = [
    ['Example.COM', 'example.com'],
    ['example.com.', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['_dmarc.example.com', '_dmarc.example.com'],
    ['sel._domainkey.example.com', 'sel._domainkey.example.com'],
    ['localhost', 'localhost'],
    ['', null],
    ['.', null],
    ['a..b', null],
    ['.example.com', null],
    ['exa mple.com', null],
    ['ex%41mple.com', null],
    ['[192.0.2.1]', null],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
    [`${'a'.repeat(64)}.com`, null],
    [Array.from({ length: 127 }, () => 'a').join('.'), Array.from({ length: 127 }, () => 'a').join('.')],
    [`${Array.from({ length: 127 }, () => 'a').join('.')}.b`, null],
  ];
  for (const [input, expected] of cases) assert.equal(toDnsName(input), expected, input);
});

test('parseDnsServer takes IPv4 and IPv6 addresses, with a port only in the bracketed IPv6 form', () => {
  const cases: Array<[string, { address: string; port: number } | null]> = [
    ['192.0.2.53', { address: '192.0.2.53', port: 53 }],
    ['127.0.0.1:5353', { address: '127.0.0.1', port: 5353 }],
    ['2001:db8::53', { address: '2001:db8::53', port: 53 }],
    ['[2001:db8::53]', { address: '2001:db8::53', port: 53 }],
    ['[::1]:5353', { address: '::1', port: 5353 }],
    ['dns.example.com', null],
    ['dns.example.com:53', null],
    ['192.0.2.53:0', null],
    ['192.0.2.53:65536', null],
    ['192.0.2.53:', null],
    ['[192.0.2.53]:53', null],
    ['[::1', null],
    ['', null],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseDnsServer(input), expected, input);
});
