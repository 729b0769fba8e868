// The default listener set and the require_tls default per protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveListeners, parseConfig } from '../../src/config/index.ts';

test('opens SMTP 25, IMAP 143 and POP3 110 with STARTTLS and IMAP 993 and POP3 995 with implicit TLS at port_base by default', () => {
  const config = parseConfig('hostname = "mx.example.test"\nport_base = 10000\n', 'mailstead.toml');
  assert.deepEqual(effectiveListeners(config), [
    { protocol: 'smtp', address: '0.0.0.0', port: 10025, tls: 'starttls', require_tls: false },
    { protocol: 'imap', address: '0.0.0.0', port: 10143, tls: 'starttls', require_tls: true },
    { protocol: 'imap', address: '0.0.0.0', port: 10993, tls: 'implicit', require_tls: true },
    { protocol: 'pop3', address: '0.0.0.0', port: 10110, tls: 'starttls', require_tls: true },
    { protocol: 'pop3', address: '0.0.0.0', port: 10995, tls: 'implicit', require_tls: true },
  ]);
});

test('keeps an explicit require_tls and fills in the protocol default otherwise', () => {
  const config = parseConfig(
    'hostname = "mx.example.test"\n[[listeners]]\nprotocol = "imap"\nport = 143\nrequire_tls = false\n[[listeners]]\nprotocol = "smtp"\nport = 587\n',
    'mailstead.toml',
  );
  assert.deepEqual(
    effectiveListeners(config).map((l) => [l.protocol, l.require_tls]),
    [
      ['imap', false],
      ['smtp', false],
    ],
  );
});

test('refuses an IMAP idle_timeout under 30 minutes', () => {
  assert.throws(() => parseConfig('hostname = "mx.example.test"\n[imap]\nidle_timeout = "5m"\n', 'mailstead.toml'), /imap\.idle_timeout: must be at least 30m/);
});
