import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { dkimVerify } from 'mailauth';
import { silentLogger } from '../../src/log/index.ts';
import { createDkimSigner } from '../../src/outbound/dkim.ts';
import { defaultDkimSelector } from '../../src/outbound/dkim-record.ts';
import { openMailService } from '../../src/server/index.ts';
import { mailauthResolver, message, zoneLineStrings } from '../outbound/dkim-fixture.ts';
import { initInstanceDir, lines, mailstead, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());
const dir = await initInstanceDir(tmp.path, 'instance');

const ZONE_LINE = /^([a-z0-9.-]+)\._domainkey\.([a-z0-9.-]+)\. IN TXT "v=DKIM1; k=(rsa|ed25519); p=[A-Za-z0-9+/=]+"(?: "[A-Za-z0-9+/=]+")*$/;

async function addDomain(name: string): Promise<void> {
  const r = await mailstead(['domain', 'add', name, '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
}

interface KeyJson {
  domain: string;
  selector: string;
  algorithm: string;
  active: boolean;
  createdAt: string;
  record: { name: string; type: string; value: string; strings: string[] };
}

async function listJson(domain: string): Promise<KeyJson[]> {
  const r = await mailstead(['dkim', 'list', '--domain', domain, '--json', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as KeyJson[];
}

test('dkim generate stores an RSA key under the default selector and prints the TXT record that verifies its signatures', async () => {
  const before = defaultDkimSelector(Date.now());
  const r = await mailstead(['dkim', 'generate', 'Example.TEST', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  const selector = [before, defaultDkimSelector(Date.now())].find((s) => out[0] === `generated DKIM key ${s} for example.test (rsa-sha256, active)`);
  assert.ok(selector !== undefined, r.stdout);
  assert.equal(out[1], 'publish this TXT record in the DNS of example.test:');
  assert.equal(out.length, 3);
  const record = out[2]!;
  assert.match(record, ZONE_LINE);
  assert.ok(record.startsWith(`${selector}._domainkey.example.test. IN TXT "v=DKIM1; k=rsa; p=`), record);
  const strings = zoneLineStrings(record);
  assert.equal(strings.length, 2);
  assert.ok(strings.every((s) => s.length <= 255));

  // The stored key signs; the printed record verifies the signature.
  const mail = await openMailService(dir, silentLogger());
  try {
    const bytes = message(['From: Postmaster <postmaster@example.test>', 'To: someone@remote.test', 'Subject: hello', 'Date: Mon, 02 Nov 2026 10:00:00 +0000']);
    const outcome = await createDkimSigner({ keys: mail }).sign(bytes);
    assert.equal(outcome.kind, 'signed');
    if (outcome.kind !== 'signed') return;
    const dns = new Map([[`${selector}._domainkey.example.test`, strings]]);
    const verified = await dkimVerify(Buffer.concat([Buffer.from(outcome.header), bytes]), { resolver: mailauthResolver(dns) });
    assert.equal(verified.results[0]?.status.result, 'pass', verified.results[0]?.info);
  } finally {
    await mail.close();
  }

  const show = await mailstead(['dkim', 'show', 'example.test', '--dir', dir]);
  assert.equal(show.code, 0, show.stderr);
  assert.equal(show.stdout, `${record}\n`);
});

test('dkim generate --algorithm ed25519 picks a free default selector and makes the new key the active one', async () => {
  await addDomain('ed.test');
  const first = await mailstead(['dkim', 'generate', 'ed.test', '--dir', dir]);
  assert.equal(first.code, 0, first.stderr);
  const r = await mailstead(['dkim', 'generate', 'ed.test', '--algorithm', 'ed25519', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const [firstKey] = await listJson('ed.test').then((keys) => keys.filter((k) => k.algorithm === 'rsa-sha256'));
  const selector = `${firstKey!.selector}a`;
  const out = lines(r.stdout);
  assert.equal(out[0], `generated DKIM key ${selector} for ed.test (ed25519-sha256, active)`);
  assert.match(out[2] ?? '', new RegExp(`^${selector}\\._domainkey\\.ed\\.test\\. IN TXT "v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}="$`));
  const keys = await listJson('ed.test');
  assert.deepEqual(
    keys.map((k) => [k.selector, k.algorithm, k.active]),
    [
      [selector, 'ed25519-sha256', true],
      [firstKey!.selector, 'rsa-sha256', false],
    ],
  );
  assert.equal(keys[0]!.record.name, `${selector}._domainkey.ed.test`);
  assert.equal(keys[0]!.record.value, zoneLineStrings(out[2]!).join(''));
});

test('dkim list prints a table for people', async () => {
  await addDomain('table.test');
  assert.equal((await mailstead(['dkim', 'generate', 'table.test', '--selector', 'sel1', '--dir', dir])).code, 0);
  const r = await mailstead(['dkim', 'list', '--domain', 'table.test', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const today = new Date().toISOString().slice(0, 10);
  assert.deepEqual(lines(r.stdout), ['DOMAIN      SELECTOR  ALGORITHM   ACTIVE  CREATED', `table.test  sel1      rsa-sha256  yes     ${today}`]);
});

test('rotation: generate --inactive, show --selector, activate, remove', async () => {
  await addDomain('rotate.test');
  assert.equal((await mailstead(['dkim', 'generate', 'rotate.test', '--selector', 'old', '--dir', dir])).code, 0);
  const next = await mailstead(['dkim', 'generate', 'rotate.test', '--selector', 'New', '--inactive', '--json', '--dir', dir]);
  assert.equal(next.code, 0, next.stderr);
  const created = JSON.parse(next.stdout) as KeyJson;
  assert.deepEqual([created.domain, created.selector, created.active, created.record.type], ['rotate.test', 'new', false, 'TXT']);

  const shown = await mailstead(['dkim', 'show', 'rotate.test', '--selector', 'new', '--dir', dir]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(zoneLineStrings(shown.stdout).join(''), created.record.value);
  const active = await mailstead(['dkim', 'show', 'rotate.test', '--dir', dir]);
  assert.match(active.stdout, /^old\._domainkey\.rotate\.test\. IN TXT /);

  const activated = await mailstead(['dkim', 'activate', 'rotate.test', 'new', '--dir', dir]);
  assert.equal(activated.code, 0, activated.stderr);
  assert.equal(activated.stdout, 'DKIM key new now signs the mail of rotate.test\n');
  const removedOld = await mailstead(['dkim', 'remove', 'rotate.test', 'old', '--dir', dir]);
  assert.equal(removedOld.stdout, 'removed DKIM key old of rotate.test\n');
  const removedNew = await mailstead(['dkim', 'remove', 'rotate.test', 'new', '--dir', dir]);
  assert.equal(removedNew.stdout, 'removed DKIM key new of rotate.test; rotate.test has no active key now, its mail is not signed\n');
  assert.deepEqual(await listJson('rotate.test'), []);
});

test('dkim generate and show for a domain that is not local exit 1 with one line', async () => {
  for (const args of [['generate', 'nowhere.test'], ['show', 'nowhere.test']]) {
    const r = await mailstead(['dkim', ...args, '--dir', dir]);
    assert.equal(r.code, 1, args.join(' '));
    assert.deepEqual(lines(r.stderr), ['error: domain nowhere.test does not exist']);
    assert.equal(r.stdout, '');
  }
});

test('dkim show of a domain without an active key, activate and remove of an unknown key exit 1 with one line', async () => {
  await addDomain('bare.test');
  const show = await mailstead(['dkim', 'show', 'bare.test', '--dir', dir]);
  assert.equal(show.code, 1);
  assert.deepEqual(lines(show.stderr), ['error: bare.test has no active DKIM key; make one with: mailstead dkim generate bare.test']);
  for (const verb of ['activate', 'remove']) {
    const r = await mailstead(['dkim', verb, 'bare.test', 'nope', '--dir', dir]);
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.stderr), ['error: DKIM key nope of bare.test does not exist']);
  }
});

test('dkim generate exits 2 for a malformed selector or an unknown algorithm, and stores nothing', async () => {
  await addDomain('usage.test');
  const selector = await mailstead(['dkim', 'generate', 'usage.test', '--selector', 'bad_selector', '--dir', dir]);
  assert.equal(selector.code, 2);
  assert.equal(lines(selector.stderr).length, 1);
  assert.match(selector.stderr, /^error: option '--selector <SELECTOR>' argument 'bad_selector' is invalid/);
  const algorithm = await mailstead(['dkim', 'generate', 'usage.test', '--algorithm', 'dsa', '--dir', dir]);
  assert.equal(algorithm.code, 2);
  assert.deepEqual(lines(algorithm.stderr), ["error: option '--algorithm <ALGORITHM>' argument 'dsa' is invalid. Allowed choices are rsa, ed25519."]);
  assert.deepEqual(await listJson('usage.test'), []);
});
