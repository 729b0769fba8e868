import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestCa, pkcs12, withKeyOf } from '../helpers/test-ca.ts';
import { initInstanceDir, lines, mailstead, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());
const ca = await TestCa.create();
const mx = await ca.leaf({ names: ['mx.example.test', 'mail.example.test'] });
const imap = await ca.leaf({ names: ['imap.example.org'] });

/** Writes a file into the test's temp dir; returns its absolute path. */
async function file(name: string, contents: string | Buffer): Promise<string> {
  const path = join(tmp.path, name);
  await writeFile(path, contents, { mode: 0o600 });
  return path;
}

interface CertificateJson {
  name: string;
  source: string;
  files: { cert: string; key: string; chain?: string };
  subject: string;
  names: string[];
  issuer: string;
  notAfter: string;
  daysLeft: number;
  fingerprint256: string;
  chainLength: number;
  selfSigned: boolean;
  isDefault: boolean;
  servedNames: string[];
  listeners: string[];
  error?: string;
}

async function listJson(dir: string): Promise<CertificateJson[]> {
  const r = await mailstead(['cert', 'list', '--json', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as CertificateJson[];
}

test('cert list shows the self-signed certificate of init as the default on every TLS listener', async () => {
  const dir = await initInstanceDir(tmp.path, 'fresh');
  const r = await mailstead(['cert', 'list', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.equal(out[0], 'default  [default]  certs/server.crt');
  assert.equal(out[1], '  subject    CN=mx.example.test');
  assert.equal(out[2], '  names      mx.example.test');
  assert.equal(out[3], '  issuer     CN=mx.example.test (self-signed)');
  assert.match(out[4]!, /^ {2}not after {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(82[45] days left\)$/);
  assert.equal(out[5], '  served     the default certificate, and by SNI for mx.example.test');
  assert.equal(out[6], '  listeners  smtp:25 submission:587 submission:465 imap:143 imap:993 pop3:110 pop3:995');
  assert.equal(out.at(-1), "Every TLS listener can serve every certificate: the client's server name (SNI) picks one, clients without a known name get the default.");

  const [certificate] = await listJson(dir);
  assert.equal(certificate?.name, 'default');
  assert.equal(certificate?.selfSigned, true);
  assert.equal(certificate?.isDefault, true);
  assert.deepEqual(certificate?.servedNames, ['mx.example.test']);
  assert.equal(certificate?.files.cert, join(dir, 'certs/server.crt'));
});

test('cert import --pfx stores a legacy-encrypted Windows export, which then replaces the self-signed default', async () => {
  const dir = await initInstanceDir(tmp.path, 'pfx');
  const pfx = await file('legacy.pfx', pkcs12({ keys: [mx.key], certs: [mx.cert, ca.intermediate.cert, ca.root.cert], passphrase: 'Windows-Export1', encryption: 'legacy' }));
  const r = await mailstead(['cert', 'import', '--pfx', pfx, '--passphrase', 'Windows-Export1', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.equal(out[0], 'imported certificate mx.example.test: CN=mx.example.test, issued by CN=Mailstead Test Issuing CA, O=Mailstead Test');
  assert.equal(out[1], '  names      mx.example.test, mail.example.test');
  assert.equal(out[3], '  stored in  certs/live/mx.example.test/ (fullchain.pem: the certificate and 1 intermediate; key.pem)');
  assert.equal(out[4], '  served     the default certificate, and by SNI for mx.example.test, mail.example.test');
  assert.equal(out.at(-1), 'A running server uses it for new connections within 60s (tls.watch_interval), or at once after SIGHUP.');
  assert.equal(await readFile(join(dir, 'certs/live/mx.example.test/fullchain.pem'), 'utf8'), mx.cert + ca.intermediate.cert);
  assert.match(await readFile(join(dir, 'certs/live/mx.example.test/key.pem'), 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);

  const listed = await listJson(dir);
  assert.deepEqual(listed.map((c) => [c.name, c.source, c.isDefault, c.listeners.length > 0]), [
    ['mx.example.test', 'store', true, true],
    ['default', 'default', false, false],
  ]);
  assert.equal(listed[0]?.fingerprint256, mx.x509.fingerprint256);
  assert.equal(listed[0]?.chainLength, 1);

  const again = await mailstead(['cert', 'import', '--pfx', pfx, '--passphrase', 'Windows-Export1', '--dir', dir]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(lines(again.stdout)[0]!, /^replaced certificate mx\.example\.test: /);
});

test('cert import --pfx reads the passphrase from a file and takes --name', async () => {
  const dir = await initInstanceDir(tmp.path, 'pfx-file');
  const pfx = await file('modern.pfx', pkcs12({ keys: [imap.key], certs: [imap.fullchain], passphrase: 's3cret', encryption: 'aes256' }));
  const pass = await file('pass.txt', 's3cret\n');
  const r = await mailstead(['cert', 'import', '--pfx', pfx, '--passphrase-file', pass, '--name', 'imap', '--json', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const imported = JSON.parse(r.stdout) as CertificateJson;
  assert.equal(imported.name, 'imap');
  assert.deepEqual(imported.servedNames, ['imap.example.org']);
  assert.equal(imported.isDefault, false);
});

test('cert import --pfx says what is wrong: passphrase missing or wrong, not a PKCS#12 file', async () => {
  const dir = await initInstanceDir(tmp.path, 'pfx-errors');
  const pfx = await file('locked.pfx', pkcs12({ keys: [mx.key], certs: [mx.fullchain], passphrase: 'right', encryption: '3des' }));
  const missing = await mailstead(['cert', 'import', '--pfx', pfx, '--dir', dir]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, `error: ${pfx}: the file is protected by a passphrase: give it with --passphrase or --passphrase-file\n`);
  const wrong = await mailstead(['cert', 'import', '--pfx', pfx, '--passphrase', 'wrong', '--dir', dir]);
  assert.equal(wrong.code, 1);
  assert.equal(wrong.stderr, `error: ${pfx}: wrong passphrase (or a damaged file): the PKCS#12 integrity check failed\n`);
  const pem = await file('not.pfx', mx.fullchain);
  const notPfx = await mailstead(['cert', 'import', '--pfx', pem, '--dir', dir]);
  assert.equal(notPfx.code, 1);
  assert.match(notPfx.stderr, /^error: .*not\.pfx: not a PKCS#12 \(\.pfx\/\.p12\) file/);
  const noKey = await file('nokey.pfx', pkcs12({ keys: [], certs: [mx.fullchain], passphrase: 'p', encryption: 'aes256' }));
  const r = await mailstead(['cert', 'import', '--pfx', noKey, '--passphrase', 'p', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /the file holds no private key/);
  assert.deepEqual((await listJson(dir)).map((c) => c.name), ['default']);
});

test('cert import --cert --key --chain stores the leaf followed by its chain', async () => {
  const dir = await initInstanceDir(tmp.path, 'pem');
  const cert = await file('imap.crt', imap.cert);
  const key = await file('imap.key', imap.key);
  const chain = await file('chain.crt', imap.chain);
  const r = await mailstead(['cert', 'import', '--cert', cert, '--key', key, '--chain', chain, '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lines(r.stdout)[0], 'imported certificate imap.example.org: CN=imap.example.org, issued by CN=Mailstead Test Issuing CA, O=Mailstead Test');
  assert.equal(await readFile(join(dir, 'certs/live/imap.example.org/fullchain.pem'), 'utf8'), imap.fullchain);
});

test('cert import warns when the intermediate is missing, and refuses a key of another certificate or an expired one', async () => {
  const dir = await initInstanceDir(tmp.path, 'pem-errors');
  const cert = await file('mx-only.crt', mx.cert);
  const key = await file('mx.key', mx.key);
  const r = await mailstead(['cert', 'import', '--cert', cert, '--key', key, '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lines(r.stdout).includes('  warning    no intermediate certificate: unless CN=Mailstead Test Issuing CA, O=Mailstead Test is a root CA clients trust, they cannot verify it; import again with --chain'), r.stdout);

  const otherKey = await file('other.key', withKeyOf(mx, imap).key);
  const mismatch = await mailstead(['cert', 'import', '--cert', cert, '--key', otherKey, '--dir', dir]);
  assert.equal(mismatch.code, 1);
  assert.equal(mismatch.stderr, `error: ${otherKey}: private key does not match the certificate in ${cert}\n`);

  const expired = await ca.expired(['old.example.test']);
  const expiredCert = await file('old.crt', expired.fullchain);
  const expiredKey = await file('old.key', expired.key);
  const refused = await mailstead(['cert', 'import', '--cert', expiredCert, '--key', expiredKey, '--dir', dir]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^error: .*old\.crt: the certificate expired on \d{4}-/);
});

test('cert import needs either --pfx or --cert and --key (exit 2)', async () => {
  const dir = await initInstanceDir(tmp.path, 'usage');
  const none = await mailstead(['cert', 'import', '--dir', dir]);
  assert.equal(none.code, 2);
  assert.equal(none.stderr, 'error: give --pfx FILE, or --cert FILE and --key FILE\n');
  const both = await mailstead(['cert', 'import', '--pfx', 'a.pfx', '--cert', 'a.crt', '--key', 'a.key', '--dir', dir]);
  assert.equal(both.code, 2);
  assert.equal(both.stderr, 'error: give either --pfx or --cert and --key, not both\n');
  const badName = await mailstead(['cert', 'import', '--cert', await file('n.crt', mx.fullchain), '--key', await file('n.key', mx.key), '--name', '../etc', '--dir', dir]);
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /^error: not a certificate name: "\.\.\/etc"/);
});

test('cert remove deletes a store entry; the default and unknown names are refused', async () => {
  const dir = await initInstanceDir(tmp.path, 'remove');
  const imported = await mailstead(['cert', 'import', '--cert', await file('r.crt', imap.fullchain), '--key', await file('r.key', imap.key), '--dir', dir]);
  assert.equal(imported.code, 0, imported.stderr);
  const removed = await mailstead(['cert', 'remove', 'imap.example.org', '--dir', dir]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(lines(removed.stdout), ['removed certificate imap.example.org (certs/live/imap.example.org/)', 'A running server stops serving it within 60s, or at once after SIGHUP.']);
  assert.deepEqual((await listJson(dir)).map((c) => c.name), ['default']);

  const unknown = await mailstead(['cert', 'remove', 'imap.example.org', '--dir', dir]);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, 'error: no certificate imap.example.org in the store (see `mailstead cert list`)\n');
  const builtIn = await mailstead(['cert', 'remove', 'default', '--dir', dir]);
  assert.equal(builtIn.code, 1);
  assert.equal(builtIn.stderr, 'error: no certificate default in the store (default comes from mailstead.toml; only store entries can be removed)\n');
});

test('cert list shows a store entry that cannot be loaded and exits 1', async () => {
  const dir = await initInstanceDir(tmp.path, 'broken');
  const imported = await mailstead(['cert', 'import', '--cert', await file('b.crt', imap.fullchain), '--key', await file('b.key', imap.key), '--dir', dir]);
  assert.equal(imported.code, 0, imported.stderr);
  await writeFile(join(dir, 'certs/live/imap.example.org/key.pem'), mx.key);
  const r = await mailstead(['cert', 'list', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.ok(lines(r.stdout).includes('imap.example.org  [store]  CANNOT BE LOADED'), r.stdout);
  assert.equal(r.stderr, 'error: 1 certificate cannot be loaded: the server does not start (or reload) until it is fixed or removed\n');
  const json = await mailstead(['cert', 'list', '--json', '--dir', dir]);
  const broken = (JSON.parse(json.stdout) as CertificateJson[]).find((c) => c.name === 'imap.example.org');
  assert.match(broken?.error ?? '', /key\.pem: private key does not match the certificate in /);
});

for (const [args, mentions] of [
  [['cert', 'list'], ['--json', '--dir <DIR>', 'SNI']],
  [['cert', 'import'], ['--pfx <FILE>', '--passphrase <P>', '--passphrase-file <F>', '--cert <FILE>', '--key <FILE>', '--chain <FILE>', '--name <NAME>', '--json', '--dir <DIR>', 'SIGHUP']],
  [['cert', 'remove'], ['NAME', '--dir <DIR>']],
] as const) {
  test(`prints complete help for \`mailstead ${args.join(' ')}\``, async () => {
    const r = await mailstead([...args, '--help']);
    assert.equal(r.code, 0);
    for (const text of mentions) assert.ok(r.stdout.includes(text), `help lacks ${text}:\n${r.stdout}`);
  });
}
