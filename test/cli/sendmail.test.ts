// `mailstead sendmail` as cron, PHP and scripts run it: a child process with the message on stdin,
// checked by its exit code, its stderr line and the mailbox afterwards.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readMailbox } from '../helpers/mailbox.ts';
import { initInstanceDir, mailstead, ROOT, tempDir, type CliResult } from './run-cli.ts';

const NODE = join(ROOT, 'node_modules/.bin/node');
const MAIN = join(ROOT, 'src/cli/main.ts');

let tmp: Awaited<ReturnType<typeof tempDir>>;
let dir: string;

before(async () => {
  tmp = await tempDir();
  dir = await initInstanceDir(tmp.path, 'instance');
  for (const args of [['account', 'add', 'alice@example.test', '--password', 'pw-alice-1'], ['account', 'add', 'bob@example.test', '--password', 'pw-bob-1'], ['alias', 'add', 'root@example.test', 'alice@example.test']]) {
    const result = await mailstead([...args, '--dir', dir]);
    assert.equal(result.code, 0, result.stderr);
  }
});

after(async () => {
  await tmp.cleanup();
});

/** Runs `mailstead sendmail --dir DIR ARGS…` with `input` on stdin; bounded by a timeout. */
function sendmail(args: readonly string[], input: string, instanceDir = dir): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(NODE, [MAIN, 'sendmail', '--dir', instanceDir, ...args], { cwd: ROOT, timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
    // A sendmail that exits before reading all of it (a usage error) closes the pipe.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

/** The message of `address` whose text contains `marker`. */
async function find(address: string, marker: string): Promise<string | undefined> {
  return (await readMailbox(dir, address)).find((m) => m.text.includes(marker))?.text;
}

test('reads the message up to a line of a single "." and delivers it (exit 0)', async () => {
  const result = await sendmail(['alice@example.test'], 'From: Bob <bob@example.test>\nSubject: dot-ended\n\nfirst\n.\nnot part of it\n');
  assert.deepEqual(result, { code: 0, stdout: '', stderr: '' });
  const text = await find('alice@example.test', 'dot-ended');
  assert.ok(text);
  assert.match(text, /^Return-Path: <bob@example\.test>\r\nDelivered-To: alice@example\.test\r\nReceived: by mx\.example\.test \(Mailstead, from sendmail(, userid \d+)?\)/);
  assert.match(text, /\r\n\r\nfirst\r\n$/);
});

test('with -i (or -oi) a "." line is data and the message ends at the end of the input', async () => {
  for (const flag of ['-i', '-oi']) {
    const result = await sendmail([flag, 'alice@example.test'], `From: bob@example.test\nSubject: dots kept ${flag}\n\nfirst\n.\nsecond\n`);
    assert.equal(result.code, 0, result.stderr);
    const text = await find('alice@example.test', `dots kept ${flag}`);
    assert.match(text ?? '', /\r\n\r\nfirst\r\n\.\r\nsecond\r\n$/);
  }
});

test('-t takes To, Cc and Bcc besides the arguments, and removes Bcc', async () => {
  const result = await sendmail(['-t', '-i', 'bob@example.test'], 'From: alice@example.test\nTo: alice@example.test\nBcc: root\nSubject: extracted\n\nx\n');
  assert.equal(result.code, 0, result.stderr);
  const alice = (await readMailbox(dir, 'alice@example.test')).filter((m) => m.text.includes('extracted'));
  assert.equal(alice.length, 1, 'alice once, though named as To and (through root) as Bcc');
  assert.doesNotMatch(alice[0]!.text, /\r\nBcc:/);
  assert.ok(await find('bob@example.test', 'extracted'), 'the argument recipient too');
});

test('-f sets the envelope sender, and bare names get the primary domain', async () => {
  const result = await sendmail(['-f', 'root', 'root'], 'Subject: from root\n\nx\n');
  assert.equal(result.code, 0, result.stderr);
  const text = await find('alice@example.test', 'from root');
  assert.match(text ?? '', /^Return-Path: <root@example\.test>\r\nDelivered-To: alice@example\.test\r\n/);
  assert.match(text ?? '', /\r\nFrom: <root@example\.test>\r\n/, 'a missing From: is the envelope sender');
});

test('accepts what cron and PHP pass: -FCronDaemon -i -B8BITMIME -oem -odi and -t -i', async () => {
  const cron = await sendmail(['-FCronDaemon', '-i', '-B8BITMIME', '-oem', '-odi', 'root'], 'From: root (Cron Daemon)\nTo: root\nSubject: Cron <root@host> run-parts\n\ndone\n');
  assert.equal(cron.code, 0, cron.stderr);
  assert.ok(await find('alice@example.test', 'Cron <root@host> run-parts'));
  const php = await sendmail(['-t', '-i'], 'To: bob@example.test\nSubject: from php\nFrom: web@example.test\n\nx\n');
  assert.equal(php.code, 0, php.stderr);
  assert.ok(await find('bob@example.test', 'from php'));
});

test('an unknown local recipient exits 1 with one line naming it', async () => {
  const result = await sendmail(['nobody@example.test'], 'From: bob@example.test\nSubject: lost\n\nx\n');
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'error: every recipient was refused: nobody@example.test (550 5.1.1 User unknown)\n');
});

test('some recipients refused: delivered to the others, exit 1 naming both', async () => {
  const result = await sendmail(['bob@example.test', 'ghost@example.test'], 'From: alice@example.test\nSubject: half\n\nx\n');
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'error: delivered to bob@example.test; refused ghost@example.test (550 5.1.1 User unknown)\n');
  assert.ok(await find('bob@example.test', 'Subject: half'));
});

test('without -f and without a From: address it exits 1', async () => {
  const result = await sendmail(['alice@example.test'], 'Subject: anonymous\n\nx\n');
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'error: no sender: the message has no Return-Path, From or Sender address\n');
});

test('usage errors exit 2: an unknown flag, a mode other than -bm, no recipients', async () => {
  for (const [args, line] of [
    [['-q', 'alice@example.test'], "error: unknown option '-q'"],
    [['--queue', 'alice@example.test'], "error: unknown option '--queue'"],
    [['-bp'], 'error: -bp: only -bm (deliver the message on standard input) is supported'],
    [['-f'], "error: option '-f' needs a value"],
    [['-i'], 'error: no recipients: name them as arguments, or use -t to take them from the message'],
  ] as const) {
    const result = await sendmail(args, 'From: a@example.test\n\nx\n');
    assert.deepEqual({ code: result.code, stderr: result.stderr }, { code: 2, stderr: `${line}\n` }, args.join(' '));
  }
});

test('exits 75 (EX_TEMPFAIL) when the store cannot be opened', async () => {
  const broken = await initInstanceDir(tmp.path, 'broken');
  await rm(join(broken, 'mailstead.db'), { force: true });
  await mkdir(join(broken, 'mailstead.db'));
  const result = await sendmail(['alice@example.test'], 'From: a@example.test\n\nx\n', broken);
  assert.equal(result.code, 75);
  assert.match(result.stderr, /^error: the store is not available: .+\n$/);
});

test('--help describes the options and the exit codes', async () => {
  const result = await mailstead(['sendmail', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Usage: mailstead sendmail \[--dir DIR\] \[-t\] \[-i\] \[-f FROM\] \[RCPT\.\.\.\]/);
  assert.match(result.stdout, /75 temporary failure/);
});
