// The default listener set and the encryption default per protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveListeners, parseConfig } from '../../src/config/index.ts';

test('opens SMTP 25, submission 587, IMAP 143 and POP3 110 with STARTTLS and submission 465, IMAP 993 and POP3 995 with implicit TLS at port_base by default', () => {
  const config = parseConfig('hostname = "mx.example.test"\nport_base = 10000\n', 'mailstead.toml');
  assert.deepEqual(effectiveListeners(config), [
    { protocol: 'smtp', address: '0.0.0.0', port: 10025, tls: 'starttls', encryption: 'optional' },
    { protocol: 'submission', address: '0.0.0.0', port: 10587, tls: 'starttls', encryption: 'required' },
    { protocol: 'submission', address: '0.0.0.0', port: 10465, tls: 'implicit', encryption: 'required' },
    { protocol: 'imap', address: '0.0.0.0', port: 10143, tls: 'starttls', encryption: 'required' },
    { protocol: 'imap', address: '0.0.0.0', port: 10993, tls: 'implicit', encryption: 'required' },
    { protocol: 'pop3', address: '0.0.0.0', port: 10110, tls: 'starttls', encryption: 'required' },
    { protocol: 'pop3', address: '0.0.0.0', port: 10995, tls: 'implicit', encryption: 'required' },
  ]);
});

test('keeps an explicit encryption and fills in the protocol default otherwise', () => {
  const config = parseConfig(
    'hostname = "mx.example.test"\n[[listeners]]\nprotocol = "imap"\nport = 143\nencryption = "optional"\n[[listeners]]\nprotocol = "smtp"\nport = 587\n',
    'mailstead.toml',
  );
  assert.deepEqual(
    effectiveListeners(config).map((l) => [l.protocol, l.encryption]),
    [
      ['imap', 'optional'],
      ['smtp', 'optional'],
    ],
  );
});

test('refuses a relay network of every address unless relay_networks_allow_all forces it', () => {
  assert.throws(
    () => parseConfig('hostname = "mx.example.test"\n[smtp]\nrelay_networks = ["192.168.0.0/16", "0.0.0.0/0"]\n', 'mailstead.toml'),
    { message: 'mailstead.toml: smtp.relay_networks[1]: 0.0.0.0/0 lets every address relay (an open relay); set relay_networks_allow_all = true to force it' },
  );
  assert.throws(() => parseConfig('hostname = "mx.example.test"\n[smtp]\nrelay_networks = ["::/0"]\n', 'mailstead.toml'), /::\/0 lets every address relay/);
  const forced = parseConfig('hostname = "mx.example.test"\n[smtp]\nrelay_networks = ["0.0.0.0/0"]\nrelay_networks_allow_all = true\n', 'mailstead.toml');
  assert.deepEqual(forced.smtp.relay_networks, ['0.0.0.0/0']);
});

test('refuses an IMAP idle_timeout under 30 minutes', () => {
  assert.throws(() => parseConfig('hostname = "mx.example.test"\n[imap]\nidle_timeout = "5m"\n', 'mailstead.toml'), /imap\.idle_timeout: must be at least 30m/);
});

test('refuses AUTH credentials for a smart host or route unless its TLS is verified', () => {
  const smart = (tls: string) => `hostname = "mx.example.test"\n[outbound.smart_host]\nhost = "[smtp.provider.test]"\nport = 587\ntls = "${tls}"\nusername = "u"\npassword = "p"\n`;
  assert.throws(() => parseConfig(smart('opportunistic'), 'mailstead.toml'), { message: 'mailstead.toml: outbound.smart_host.tls: a username (AUTH) needs tls = "required" or "implicit", so the password is only sent to a verified server' });
  assert.equal(parseConfig(smart('required'), 'mailstead.toml').outbound.smart_host?.username, 'u');
  const route = 'hostname = "mx.example.test"\n[[outbound.routes]]\ndomain = "*"\nhost = "[relay.test]"\nusername = "u"\npassword = "p"\n';
  assert.throws(() => parseConfig(route, 'mailstead.toml'), /outbound\.routes\[0\]\.tls: a username \(AUTH\) needs tls/);
});

test('refuses a DNS server that is not an IP address with an optional port', () => {
  assert.throws(() => parseConfig('hostname = "mx.example.test"\n[dns]\nservers = ["dns.example.test"]\n', 'mailstead.toml'), {
    message: 'mailstead.toml: dns.servers[0]: not a resolver address like "192.0.2.53", "192.0.2.53:5353" or "[2001:db8::53]:53"',
  });
  assert.deepEqual(parseConfig('hostname = "mx.example.test"\n[dns]\nservers = ["127.0.0.1:5353", "[::1]:53"]\n', 'mailstead.toml').dns.servers, ['127.0.0.1:5353', '[::1]:53']);
});
