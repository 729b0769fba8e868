// The certificate expiry watcher: with an injected clock, the postmaster gets one mail at each of the
// 30, 14, 7 and 1 day marks, in their mailbox, and never twice: not on the next check, not after a
// restart, not from a second node on the same store. Wired into the server, it mails at start.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRouter } from '../../src/delivery/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { openMailService, routerOptions, startServer } from '../../src/server/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import type { MailService } from '../../src/mail/index.ts';
import { startCertificateExpiryWatch, noticeSettingName, type ExpiringCertificate, type ExpiryWatch } from '../../src/doctor/index.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { createInstance, type Instance } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import { TestCa } from '../helpers/test-ca.ts';
import { daysFromNow } from './cert-instance.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1, 6, 0, 0);
const POSTMASTER = 'admin@example.test';
const instances: Instance[] = [];
after(() => Promise.all(instances.map((i) => i.cleanup())));

const CERTIFICATE: ExpiringCertificate = {
  name: 'default',
  file: 'certs/server.crt',
  subject: 'CN=mx.example.test',
  issuer: 'CN=Mailstead Test Issuing CA, O=Mailstead Test',
  names: ['mx.example.test', 'mail.example.test'],
  notAfter: new Date(T0 + 40 * DAY),
  fingerprint256: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
};

/** An instance whose postmaster is its first admin (RFC 5321 §4.5.1 postmaster → the primary domain's admin). */
async function instance(): Promise<Instance> {
  const made = await createInstance({ accounts: [{ address: POSTMASTER, isAdmin: true }] });
  instances.push(made);
  return made;
}

interface Node {
  mail: MailService;
  watch: ExpiryWatch;
  ticks: Array<{ ms: number; fn: () => void; cancelled: boolean }>;
  lines: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** One server's watcher over the instance's store, on the test's clock. */
async function startNode(dir: string, clock: { now: number }, certificates: readonly ExpiringCertificate[] = [CERTIFICATE]): Promise<Node> {
  const mail = await openMailService(dir, silentLogger());
  const { logger, lines } = captureLog('info');
  const router = createRouter({ mail, options: routerOptions(loadConfig(dir)), logger: silentLogger() });
  const ticks: Node['ticks'] = [];
  const watch = startCertificateExpiryWatch({
    certificates: () => certificates,
    mail,
    delivery: router,
    hostname: 'mx.example.test',
    now: () => clock.now,
    logger,
    ticker: (ms, fn) => {
      const tick = { ms, fn, cancelled: false };
      ticks.push(tick);
      return () => (tick.cancelled = true);
    },
  });
  return {
    mail,
    watch,
    ticks,
    lines,
    async close() {
      await watch.stop();
      await mail.close();
    },
  };
}

function subjects(messages: Array<{ text: string }>): string[] {
  return messages.map((m) => /^Subject: (.*)$/m.exec(m.text)?.[1] ?? '(none)');
}

test('the postmaster gets one mail at each of the 30, 14, 7 and 1 day marks', async () => {
  const { dir } = await instance();
  const clock = { now: T0 };
  const node = await startNode(dir, clock);
  try {
    // Day by day from 40 days before the end to 2 days after, several checks a day.
    for (let day = 0; day <= 42; day++) {
      clock.now = T0 + day * DAY;
      await node.watch.check();
      clock.now += DAY / 2;
      await node.watch.check();
    }
  } finally {
    await node.close();
  }
  const mails = await readMailbox(dir, POSTMASTER);
  assert.deepEqual(subjects(mails), [
    'TLS certificate for mx.example.test expires in 30 days',
    'TLS certificate for mx.example.test expires in 14 days',
    'TLS certificate for mx.example.test expires in 7 days',
    'TLS certificate for mx.example.test expires in 1 day',
  ]);
  const first = mails[0]!.text;
  assert.match(first, /^From: Mailstead on mx\.example\.test <MAILER-DAEMON@mx\.example\.test>\r$/m);
  assert.match(first, /^To: postmaster@example\.test\r$/m);
  assert.match(first, /^Auto-Submitted: auto-generated\r$/m);
  assert.match(first, /^Content-Type: text\/plain; charset=us-ascii\r$/m);
  assert.match(first, /^Return-Path: <>\r$/m);
  assert.match(first, /The TLS certificate "default" \(certs\/server\.crt\) expires on 2026-02-10 06:00:00 UTC, in 30 days\./);
  assert.match(first, /^ {2}names: {8}mx\.example\.test, mail\.example\.test\r$/m);
  assert.match(first, /^ {2}issuer: {7}CN=Mailstead Test Issuing CA, O=Mailstead Test\r$/m);
  assert.match(first, /Run `mailstead cert check`/);
});

test('the daily check runs on the ticker, logs a warning within 30 days and an error once expired', async () => {
  const { dir } = await instance();
  const clock = { now: T0 + 25 * DAY };
  const node = await startNode(dir, clock);
  try {
    await node.watch.check();
    assert.equal(node.ticks.length, 1);
    assert.equal(node.ticks[0]!.ms, DAY);
    const warning = node.lines.find((l) => l.msg === 'certificate expires soon: renew it and reload the server');
    assert.equal(warning?.level, 40);
    assert.equal(warning?.days, 15);
    assert.equal(warning?.certificate, 'default');
    clock.now = T0 + 41 * DAY;
    node.ticks[0]!.fn();
    await node.watch.check();
    const expired = node.lines.find((l) => l.msg === 'certificate has expired: renew it and reload the server');
    assert.equal(expired?.level, 50);
  } finally {
    await node.close();
  }
  assert.equal(node.ticks[0]!.cancelled, true);
  // The 30-day mark at the first check (15 days left), then the 1-day one, sent as "has expired".
  assert.deepEqual(subjects(await readMailbox(dir, POSTMASTER)), ['TLS certificate for mx.example.test expires in 15 days', 'TLS certificate for mx.example.test has expired']);
});

test('a restart does not send a mark again, and a second node on the same store does not either', async () => {
  const { dir } = await instance();
  const clock = { now: T0 + 33 * DAY + 1000 }; // 6 days 23 hours left: the 7-day mark
  const first = await startNode(dir, clock);
  await first.watch.check();
  await first.close();
  // A restart the same day, and two nodes at once.
  const again = await startNode(dir, clock);
  const other = await startNode(dir, clock);
  await Promise.all([again.watch.check(), other.watch.check()]);
  clock.now = T0 + 39 * DAY + 1000;
  await Promise.all([again.watch.check(), other.watch.check(), again.watch.check()]);
  const stored = await again.mail.findSetting(noticeSettingName(CERTIFICATE.fingerprint256, 1));
  assert.match(stored ?? '', /^mx\.example\.test pid \d+ at 2026-02-09T06:00:01\.000Z/);
  await Promise.all([again.close(), other.close()]);
  assert.deepEqual(subjects(await readMailbox(dir, POSTMASTER)), ['TLS certificate for mx.example.test expires in 6 days', 'TLS certificate for mx.example.test expires today']);
});

test('a certificate listed twice is mailed about once, and another certificate (a renewal) gets its own notice', async () => {
  const { dir } = await instance();
  const clock = { now: T0 + 20 * DAY };
  const node = await startNode(dir, clock, [CERTIFICATE, { ...CERTIFICATE, name: 'mail.example.test', fingerprint256: '01:02' }, CERTIFICATE]);
  try {
    await node.watch.check();
  } finally {
    await node.close();
  }
  // The same certificate listed twice mails once; the other one has its own notice.
  assert.equal((await readMailbox(dir, POSTMASTER)).length, 2);
});

test('the running server mails the postmaster at start, and not again after a restart', async () => {
  const ca = await TestCa.create();
  const { dir } = await instance();
  const leaf = await ca.leaf({ names: ['mx.example.test'], notAfter: daysFromNow(5.5) });
  await writeFile(join(dir, 'certs/server.crt'), leaf.fullchain);
  await writeFile(join(dir, 'certs/server.key'), leaf.key, { mode: 0o600 });
  for (let start = 0; start < 2; start++) {
    const server = await startServer(dir, { logger: silentLogger() });
    await server.stop(); // waits for the check that started with the server
  }
  const mails = await readMailbox(dir, POSTMASTER);
  assert.deepEqual(subjects(mails), ['TLS certificate for mx.example.test expires in 5 days']);
  assert.match(mails[0]!.text, /^To: postmaster@example\.test\r$/m);
});
