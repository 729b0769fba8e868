import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPassword } from '../../src/auth/index.ts';
import { openMailService } from '../../src/server/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { generatedPassword, initInstanceDir, lines, mailstead, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());
const dir = await initInstanceDir(tmp.path, 'instance');

interface AccountRow {
  address: string;
  domain: string;
  quotaBytes: number | null;
  usedBytes: number;
  quotaMessages: number | null;
  messageCount: number;
  isAdmin: boolean;
  senderPolicy: string;
  forwardTo: string[];
  keepCopy: boolean;
}

async function listJson(...extra: string[]): Promise<AccountRow[]> {
  const r = await mailstead(['account', 'list', '--json', ...extra, '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as AccountRow[]).sort((a, b) => a.address.localeCompare(b.address));
}

async function passwordWorks(address: string, password: string): Promise<boolean> {
  const mail = await openMailService(dir, silentLogger());
  try {
    const account = await mail.findAccount(address);
    return account !== undefined && (await verifyPassword(account.passwordHash, password));
  } finally {
    await mail.close();
  }
}

test('account add without --password prints a generated password that logs in', async () => {
  const r = await mailstead(['account', 'add', 'Alice@example.test', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lines(r.stdout)[0], 'added account alice@example.test (quota unlimited)');
  const password = generatedPassword(r.stdout, 'alice@example.test');
  assert.equal(password.length, 24);
  assert.equal(await passwordWorks('alice@example.test', password), true);
});

test('account add with --password, --quota and --admin stores them and prints no password', async () => {
  const r = await mailstead(['account', 'add', 'bob@example.test', '--password', 'bobs secret', '--quota', '2GB', '--admin', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'added account bob@example.test (quota 2GB, admin)\n');
  assert.equal(await passwordWorks('bob@example.test', 'bobs secret'), true);
});

test('account add with --quota-messages stores the message limit', async () => {
  const r = await mailstead(['account', 'add', 'max@example.test', '--password', 'm', '--quota-messages', '5000', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'added account max@example.test (quota unlimited, 5000 messages)\n');
});

test('account list --json shows address, domain, quotas, usage, admin, sender policy and forwarding', async () => {
  const counts = { usedBytes: 0, messageCount: 0, senderPolicy: 'own', forwardTo: [], keepCopy: true };
  assert.deepEqual(await listJson(), [
    { address: 'alice@example.test', domain: 'example.test', quotaBytes: null, quotaMessages: null, ...counts, isAdmin: false },
    { address: 'bob@example.test', domain: 'example.test', quotaBytes: 2 * 1024 ** 3, quotaMessages: null, ...counts, isAdmin: true },
    { address: 'max@example.test', domain: 'example.test', quotaBytes: null, quotaMessages: 5000, ...counts, isAdmin: false },
    { address: 'postmaster@example.test', domain: 'example.test', quotaBytes: null, quotaMessages: null, ...counts, isAdmin: true },
  ]);
});

test('account list --domain limits the list to one domain', async () => {
  assert.equal((await mailstead(['domain', 'add', 'other.test', '--dir', dir])).code, 0);
  assert.equal((await mailstead(['account', 'add', 'carol@other.test', '--password', 'c', '--dir', dir])).code, 0);
  assert.deepEqual((await listJson('--domain', 'other.test')).map((a) => a.address), ['carol@other.test']);
});

test('account list prints a table for people', async () => {
  const r = await mailstead(['account', 'list', '--domain', 'example.test', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.equal(out[0], 'ADDRESS                  QUOTA      USED  MESSAGE QUOTA  MESSAGES  ADMIN  SENDERS  FORWARD TO');
  assert.ok(out.includes('bob@example.test         2GB        0B    unlimited      0         yes    own      -'), r.stdout);
  assert.ok(out.includes('max@example.test         unlimited  0B    5000           0         no     own      -'), r.stdout);
});

test('account sender-policy sets own, domain or any and refuses anything else with exit 2', async () => {
  let r = await mailstead(['account', 'sender-policy', 'Max@example.test', 'domain', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'set the sender policy of max@example.test to domain\n');
  assert.equal((await listJson()).find((a) => a.address === 'max@example.test')?.senderPolicy, 'domain');
  r = await mailstead(['account', 'sender-policy', 'max@example.test', 'everyone', '--dir', dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Allowed choices are own, domain, any/);
  r = await mailstead(['account', 'sender-policy', 'nobody@example.test', 'any', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: account nobody@example.test does not exist\n');
  assert.equal((await mailstead(['account', 'sender-policy', 'max@example.test', 'own', '--dir', dir])).code, 0);
});

test('account forward sets targets with a copy, --no-keep-copy drops the copy, and no targets stops forwarding', async () => {
  let r = await mailstead(['account', 'forward', 'Max@example.test', 'Max@Home.example', 'alice@example.test', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'max@example.test forwards to max@home.example, alice@example.test (keeping a copy)\n');
  let max = (await listJson()).find((a) => a.address === 'max@example.test');
  assert.deepEqual([max?.forwardTo, max?.keepCopy], [['max@home.example', 'alice@example.test'], true]);

  r = await mailstead(['account', 'forward', 'max@example.test', 'max@home.example', '--no-keep-copy', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'max@example.test forwards to max@home.example (keeping no copy)\n');
  const table = lines((await mailstead(['account', 'list', '--domain', 'example.test', '--dir', dir])).stdout);
  assert.ok(table.some((line) => /^max@example\.test .* max@home\.example \(no copy\)$/.test(line)), table.join('\n'));

  r = await mailstead(['account', 'forward', 'max@example.test', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'max@example.test does not forward\n');
  max = (await listJson()).find((a) => a.address === 'max@example.test');
  assert.deepEqual([max?.forwardTo, max?.keepCopy], [[], true]);
});

test('account forward refuses a malformed target with exit 2, and itself or an unknown account with exit 1', async () => {
  let r = await mailstead(['account', 'forward', 'max@example.test', 'nowhere', '--dir', dir]);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ['error: forward target "nowhere" is not an address like user@example.org']);
  r = await mailstead(['account', 'forward', 'max@example.test', 'MAX@example.test', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.deepEqual(lines(r.stderr), ['error: max@example.test cannot forward to itself; keep a copy in its INBOX instead']);
  r = await mailstead(['account', 'forward', 'nobody@example.test', 'x@remote.test', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: account nobody@example.test does not exist\n');
  assert.deepEqual((await listJson()).find((a) => a.address === 'max@example.test')?.forwardTo, []);
});

test('account quota parses sizes, "unlimited" and 0', async () => {
  let r = await mailstead(['account', 'quota', 'alice@example.test', '500MB', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'set the quota of alice@example.test to 500MB\n');
  assert.equal((await listJson()).find((a) => a.address === 'alice@example.test')?.quotaBytes, 500 * 1024 ** 2);

  r = await mailstead(['account', 'quota', 'alice@example.test', 'unlimited', '--dir', dir]);
  assert.equal(r.stdout, 'set the quota of alice@example.test to unlimited\n');
  assert.equal((await listJson()).find((a) => a.address === 'alice@example.test')?.quotaBytes, null);

  r = await mailstead(['account', 'quota', 'bob@example.test', '0', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await listJson()).find((a) => a.address === 'bob@example.test')?.quotaBytes, null);
});

test('account quota --messages sets the message limit and leaves it alone without the option', async () => {
  let r = await mailstead(['account', 'quota', 'max@example.test', '1GB', '--messages', '100', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'set the quota of max@example.test to 1GB and 100 messages\n');
  const max = async () => (await listJson()).find((a) => a.address === 'max@example.test');
  assert.deepEqual([(await max())?.quotaBytes, (await max())?.quotaMessages], [1024 ** 3, 100]);

  r = await mailstead(['account', 'quota', 'max@example.test', '2GB', '--dir', dir]);
  assert.equal(r.stdout, 'set the quota of max@example.test to 2GB\n');
  assert.equal((await max())?.quotaMessages, 100);

  r = await mailstead(['account', 'quota', 'max@example.test', '2GB', '--messages', 'unlimited', '--dir', dir]);
  assert.equal(r.stdout, 'set the quota of max@example.test to 2GB and unlimited messages\n');
  assert.equal((await max())?.quotaMessages, null);

  r = await mailstead(['account', 'quota', 'max@example.test', '2GB', '--messages', 'many', '--dir', dir]);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), [`error: option '--messages <N>' argument 'many' is invalid. expected a number of messages or "unlimited".`]);
});

test('account add with --quota unlimited stores no storage limit', async () => {
  const r = await mailstead(['account', 'add', 'una@example.test', '--password', 'u', '--quota', 'unlimited', '--quota-messages', '0', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'added account una@example.test (quota unlimited)\n');
});

test('account add with a quota that is not a size exits 2 and adds nothing', async () => {
  const r = await mailstead(['account', 'add', 'dave@example.test', '--quota', 'lots', '--dir', dir]);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), [`error: option '--quota <SIZE>' argument 'lots' is invalid. expected a size like "500MB", "2GB" or a number of bytes.`]);
  assert.equal((await listJson()).some((a) => a.address === 'dave@example.test'), false);
});

test('account passwd generates and prints a new password', async () => {
  const r = await mailstead(['account', 'passwd', 'alice@example.test', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lines(r.stdout)[0], 'changed the password of alice@example.test');
  assert.equal(await passwordWorks('alice@example.test', generatedPassword(r.stdout, 'alice@example.test')), true);
});

test('account passwd --password sets the given password', async () => {
  const r = await mailstead(['account', 'passwd', 'alice@example.test', '--password', 'new secret', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'changed the password of alice@example.test\n');
  assert.equal(await passwordWorks('alice@example.test', 'new secret'), true);
});

test('account add in a domain that does not exist exits 1 with one line', async () => {
  const r = await mailstead(['account', 'add', 'eve@nowhere.test', '--password', 'e', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.equal(lines(r.stderr).length, 1);
  assert.match(r.stderr, /^error: .*nowhere\.test/);
});

test('account add of an existing account exits 1 with one line', async () => {
  const r = await mailstead(['account', 'add', 'alice@example.test', '--password', 'a', '--dir', dir]);
  assert.equal(r.code, 1);
  assert.equal(lines(r.stderr).length, 1);
  assert.match(r.stderr, /^error: .*alice@example\.test/);
});

test('account remove deletes the account; removing it again exits 1', async () => {
  const r = await mailstead(['account', 'remove', 'carol@other.test', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'removed account carol@other.test\n');
  assert.deepEqual(await listJson('--domain', 'other.test'), []);
  const again = await mailstead(['account', 'remove', 'carol@other.test', '--dir', dir]);
  assert.equal(again.code, 1);
  assert.equal(lines(again.stderr).length, 1);
  assert.match(again.stderr, /^error: .*carol@other\.test/);
});
