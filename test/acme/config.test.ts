// The [acme] table and the web listeners in mailstead.toml: defaults, validation errors naming the key,
// and ports 80/443 opened by default only when ACME is enabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveListeners, LETS_ENCRYPT_DIRECTORY, parseConfig } from '../../src/config/index.ts';
import { acmeSettings } from '../../src/tls/acme/index.ts';

const ENABLED = 'hostname = "mx.example.test"\nport_base = 10000\n[acme]\nenabled = true\nemail = "postmaster@example.test"\n';

function parse(text: string) {
  return parseConfig(text, 'mailstead.toml');
}

test('is off by default and then opens neither port 80 nor 443', () => {
  const config = parse('hostname = "mx.example.test"\n');
  assert.equal(config.acme.enabled, false);
  assert.equal(acmeSettings(config), undefined);
  assert.deepEqual(effectiveListeners(config).filter((l) => l.protocol === 'http' || l.protocol === 'https'), []);
});

test('adds http on port_base + 80 and https on port_base + 443 to the default listeners when enabled', () => {
  const listeners = effectiveListeners(parse(ENABLED));
  assert.deepEqual(listeners.slice(-2), [
    { protocol: 'http', address: '0.0.0.0', port: 10080, tls: 'none', encryption: 'optional' },
    { protocol: 'https', address: '0.0.0.0', port: 10443, tls: 'implicit', encryption: 'required' },
  ]);
  assert.equal(listeners.length, 9);
});

test('defaults to Let\'s Encrypt production, http-01, ECDSA P-256, 30 days and the hostname', () => {
  assert.deepEqual(acmeSettings(parse(ENABLED)), {
    directoryUrl: LETS_ENCRYPT_DIRECTORY,
    email: 'postmaster@example.test',
    hostnames: ['mx.example.test'],
    challenge: 'http-01',
    keyType: 'ecdsa-p256',
    renewBeforeMs: 30 * 86_400_000,
    caFile: undefined,
  });
});

test('takes every key, with host names lower-cased and without repeats', () => {
  const settings = acmeSettings(
    parse(
      'hostname = "mx.example.test"\n[acme]\nenabled = true\nemail = "a@example.test"\ndirectory_url = "https://acme-staging-v02.api.letsencrypt.org/directory"\nhostnames = ["Mail.Example.test", "mx.example.test", "mail.example.test"]\nchallenge = "tls-alpn-01"\nkey_type = "rsa-2048"\nrenew_before = "20d"\nca_file = "certs/private-ca.pem"\n',
    ),
  );
  assert.deepEqual(settings?.hostnames, ['mail.example.test', 'mx.example.test']);
  assert.equal(settings?.challenge, 'tls-alpn-01');
  assert.equal(settings?.keyType, 'rsa-2048');
  assert.equal(settings?.renewBeforeMs, 20 * 86_400_000);
  assert.equal(settings?.caFile, 'certs/private-ca.pem');
});

test('names the key of every invalid value', () => {
  const cases: Array<[string, RegExp]> = [
    ['[acme]\nenabled = true\n', /^ConfigError: mailstead\.toml: acme\.email: required when acme\.enabled = true/],
    ['[acme]\nemail = "not an address"\n', /^ConfigError: mailstead\.toml: acme\.email: not an address/],
    ['[acme]\ndirectory_url = "http://acme.example.test/dir"\n', /^ConfigError: mailstead\.toml: acme\.directory_url: not an https:\/\/ URL/],
    ['[acme]\nhostnames = ["*.example.test"]\n', /^ConfigError: mailstead\.toml: acme\.hostnames\[0\]: not a host name .*wildcards need DNS-01/],
    ['[acme]\nhostnames = []\n', /^ConfigError: mailstead\.toml: acme\.hostnames: /],
    ['[acme]\nchallenge = "dns-01"\n', /^ConfigError: mailstead\.toml: acme\.challenge: /],
    ['[acme]\nkey_type = "rsa-1024"\n', /^ConfigError: mailstead\.toml: acme\.key_type: /],
    ['[acme]\nrenew_before = "a month"\n', /^ConfigError: mailstead\.toml: acme\.renew_before: not a duration/],
    ['[acme]\nretries = 3\n', /^ConfigError: mailstead\.toml: acme\.retries: unknown key$/],
  ];
  for (const [table, error] of cases) assert.throws(() => parse(`hostname = "mx.example.test"\n${table}`), error, table);
});

test('needs the listener the challenge is answered on when listeners are explicit', () => {
  const smtp = '[[listeners]]\nprotocol = "smtp"\nport = 25\n';
  assert.throws(() => parse(`${ENABLED}${smtp}`), /^ConfigError: mailstead\.toml: acme\.challenge: http-01 needs an `http` listener in \[\[listeners\]\] \(port 80\)$/);
  assert.throws(() => parse(`${ENABLED.replace('[acme]\n', '[acme]\nchallenge = "tls-alpn-01"\n')}${smtp}[[listeners]]\nprotocol = "http"\nport = 80\n`), /acme\.challenge: tls-alpn-01 needs an `https` listener/);
  assert.equal(effectiveListeners(parse(`${ENABLED}${smtp}[[listeners]]\nprotocol = "http"\nport = 8080\n`)).length, 2);
});

test('makes http listeners plain and https listeners implicit TLS, refusing the opposite', () => {
  const listeners = effectiveListeners(parse('hostname = "mx.example.test"\n[[listeners]]\nprotocol = "http"\nport = 80\n[[listeners]]\nprotocol = "https"\nport = 443\n'));
  assert.deepEqual(listeners.map((l) => [l.protocol, l.tls]), [['http', 'none'], ['https', 'implicit']]);
  assert.throws(() => parse('hostname = "mx.example.test"\n[[listeners]]\nprotocol = "http"\nport = 80\ntls = "implicit"\n'), /^ConfigError: mailstead\.toml: listeners\[0\]\.tls: an http listener is plain HTTP/);
  assert.throws(() => parse('hostname = "mx.example.test"\n[[listeners]]\nprotocol = "https"\nport = 443\ntls = "none"\n'), /^ConfigError: mailstead\.toml: listeners\[0\]\.tls: an https listener is implicit TLS/);
});
