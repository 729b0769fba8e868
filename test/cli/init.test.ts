import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { verifyPassword } from '../../src/auth/index.ts';
import { openMailService } from '../../src/server/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { defaultInstance } from '../../src/cli/serve.ts';
import { generatedPassword, lines, mailstead, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());

async function storedAccount(dir: string, address: string) {
  const mail = await openMailService(dir, silentLogger());
  try {
    return { account: await mail.findAccount(address), domains: await mail.listDomains() };
  } finally {
    await mail.close();
  }
}

test('init creates the instance: config, directories, certificate, domain and admin with a generated password', async () => {
  const dir = join(tmp.path, 'new', 'instance');
  const r = await mailstead(['init', '--dir', dir, '--hostname', 'mail.example.org', '--domain', 'example.org', '--port-base', '10000']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');

  const config = loadConfig(dir);
  assert.equal(config.hostname, 'mail.example.org');
  assert.equal(config.port_base, 10000);
  assert.match(r.stdout, /\n {2}IMAP {11}port 10143 \(STARTTLS\), 10993 \(TLS\)\n/);
  for (const sub of ['blobs', 'tmp', 'pickup', 'certs']) assert.ok(statSync(join(dir, sub)).isDirectory(), sub);
  assert.equal(statSync(dir).mode & 0o777, 0o700);

  const cert = new X509Certificate(readFileSync(join(dir, 'certs/server.crt')));
  assert.equal(cert.checkHost('mail.example.org'), 'mail.example.org');
  assert.ok(cert.checkPrivateKey(createPrivateKey(readFileSync(join(dir, 'certs/server.key')))));
  assert.equal(statSync(join(dir, 'certs/server.key')).mode & 0o777, 0o600);

  const password = generatedPassword(r.stdout, 'postmaster@example.org');
  const { account, domains } = await storedAccount(dir, 'postmaster@example.org');
  assert.deepEqual(domains.map((d) => d.name), ['example.org']);
  assert.ok(account, 'admin account exists');
  assert.equal(account.isAdmin, true);
  assert.equal(account.quotaBytes, null);
  assert.equal(await verifyPassword(account.passwordHash, password), true);
});

test('init prints the DNS records to publish and the next steps', async () => {
  const dir = join(tmp.path, 'dns');
  const r = await mailstead(['init', '--dir', dir, '--hostname', 'mx.example.org', '--domain', 'Example.ORG', '--password', 'pw-from-the-command-line']);
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.ok(out.includes('DNS records to publish for example.org:'), r.stdout);
  assert.ok(out.includes('  example.org         MX   10 mx.example.org'), r.stdout);
  assert.ok(out.includes("  mx.example.org      A    (this server's public IPv4 address)"), r.stdout);
  assert.ok(out.includes('  example.org         TXT  "v=spf1 mx -all"'), r.stdout);
  assert.ok(out.includes('  _dmarc.example.org  TXT  "v=DMARC1; p=quarantine; rua=mailto:postmaster@example.org"'), r.stdout);
  assert.ok(out.includes(`  start the server        mailstead serve --dir ${dir}`), r.stdout);
  assert.ok(out.includes(`  add an account          mailstead account add alice@example.org --dir ${dir}`), r.stdout);
  assert.ok(out.includes('  SMTP           port 25 (STARTTLS)'), r.stdout);
  assert.ok(out.includes('  SUBMISSION     port 587 (STARTTLS), 465 (TLS)'), r.stdout);
  assert.ok(out.includes('  IMAP           port 143 (STARTTLS), 993 (TLS)'), r.stdout);
  assert.ok(out.includes('  POP3           port 110 (STLS), 995 (TLS)'), r.stdout);
});

test('init with --password stores that password and prints none', async () => {
  const dir = join(tmp.path, 'given-password');
  const r = await mailstead(['init', '--dir', dir, '--hostname', 'mx.example.test', '--domain', 'example.test', '--admin', 'boss@example.test', '--password', 'correct horse']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /password for/);
  assert.doesNotMatch(r.stdout, /correct horse/);
  assert.ok(lines(r.stdout).includes('example.test is a reserved test domain: there are no DNS records to publish for it.'));
  assert.equal(loadConfig(dir).port_base, 0);
  const { account } = await storedAccount(dir, 'boss@example.test');
  assert.ok(account);
  assert.equal(account.isAdmin, true);
  assert.equal(await verifyPassword(account.passwordHash, 'correct horse'), true);
});

test('init refuses to overwrite an existing instance and exits 1 with one line', async () => {
  const dir = join(tmp.path, 'twice');
  const first = await mailstead(['init', '--dir', dir, '--hostname', 'mx.example.test', '--domain', 'example.test', '--password', 'x-password']);
  assert.equal(first.code, 0, first.stderr);
  const before = readFileSync(join(dir, 'mailstead.toml'), 'utf8');
  const second = await mailstead(['init', '--dir', dir, '--hostname', 'other.example.test', '--domain', 'other.test']);
  assert.equal(second.code, 1);
  assert.deepEqual(lines(second.stderr), [`error: ${join(dir, 'mailstead.toml')} exists: ${dir} is already a Mailstead instance`]);
  assert.equal(second.stdout, '');
  assert.equal(readFileSync(join(dir, 'mailstead.toml'), 'utf8'), before);
});

test('init refuses an admin address outside the new domain with exit 2', async () => {
  const dir = join(tmp.path, 'bad-admin');
  const r = await mailstead(['init', '--dir', dir, '--hostname', 'mx.example.test', '--domain', 'example.test', '--admin', 'root@elsewhere.test']);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ['error: --admin "root@elsewhere.test" must be an address in example.test']);
  assert.equal(existsSync(dir), false);
});

test('init refuses a host name that is not a DNS name with exit 2', async () => {
  const r = await mailstead(['init', '--dir', join(tmp.path, 'bad-host'), '--hostname', 'mail server', '--domain', 'example.test']);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ['error: --hostname "mail server" is not a host name like mail.example.org']);
});

test('the embedded default instance is example.test at port base 10000 unless root', () => {
  const expected = process.getuid?.() === 0 ? 0 : 10000;
  assert.deepEqual(defaultInstance('data'), {
    dir: 'data',
    hostname: 'mail.example.test',
    domain: 'example.test',
    admin: 'postmaster@example.test',
    portBase: expected,
  });
});
