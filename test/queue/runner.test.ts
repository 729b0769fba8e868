// The outbound queue end to end over real parts (store, router, SMTP transfer to fake MX servers on
// loopback, DKIM, bounces), with a fake resolver and a settable clock: one transaction per domain,
// retries on the schedule, partial failures bounced alone, null sender never bounced, lifetime expiry,
// one delay warning, null MX, MX fallback, and `queue bounce`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { fakeMxFor, testCertificate } from '../helpers/fake-mx.ts';
import { queueFixture, START } from '../helpers/queue-fixture.ts';

const MINUTE = 60_000;

/** The delivery-status part of a DSN as text (RFC 3464 §2), and the whole message parsed. */
async function parseDsn(text: string) {
  const parsed = await simpleParser(text);
  assert.match(parsed.headers.get('content-type') === undefined ? '' : text, /Content-Type: multipart\/report; report-type=delivery-status;/);
  const report = /Content-Type: message\/delivery-status\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
  assert.ok(report, 'a message/delivery-status part');
  return { parsed, status: report[1]! };
}

test('delivers all recipients of a domain in one transaction, DKIM-signed, and empties the queue', async (t) => {
  const mx = await fakeMxFor(t);
  const fx = await queueFixture(t, { mxPort: mx.port });
  const { generateDkimKey } = await import('../../src/outbound/index.ts');
  const key = await generateDkimKey('rsa-sha256');
  await fx.mail.addDkimKey({ domain: 'example.test', selector: 'sel', algorithm: 'rsa-sha256', privateKeyPem: key.privateKeyPem, publicKey: key.publicKey });
  const entries = await fx.submit('ann@example.test', ['x@remote.test', 'y@remote.test', 'bob@example.test']);
  assert.equal(entries.length, 2);
  await fx.pass();
  const [transaction, ...others] = mx.transactions();
  assert.equal(others.length, 0);
  assert.equal(transaction!.mailFrom, 'ann@example.test');
  assert.deepEqual(transaction!.rcptTo.map((r) => r.address), ['x@remote.test', 'y@remote.test']);
  assert.match(transaction!.body!.toString(), /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.test;/);
  assert.match(transaction!.body!.toString(), /\r\n\r\nHello\.\r\n$/);
  assert.deepEqual(await fx.mail.listQueue(), []);
  assert.equal((await fx.inbox('bob@example.test')).length, 1);
  assert.equal((await fx.inbox('ann@example.test')).length, 0, 'no notification for a delivery');
});

test('retries a 4xx on the schedule and delivers at the next due time', async (t) => {
  let refusals = 1;
  const mx = await fakeMxFor(t, { script: { rcptTo: () => (refusals-- > 0 ? { code: 451, text: '4.3.0 Try again later' } : null) } });
  const fx = await queueFixture(t, { mxPort: mx.port });
  const [entry] = await fx.submit('ann@example.test', ['x@remote.test']);
  await fx.pass();
  const deferred = await fx.mail.findQueueEntry(entry!.id);
  assert.equal(deferred?.status, 'queued');
  assert.equal(deferred?.attempts, 1);
  assert.equal(deferred?.nextAttemptAt, START + 5 * MINUTE, 'the first wait, with random 0.5 = no jitter');
  assert.match(deferred?.lastReply ?? '', /said: 451 4\.3\.0 Try again later \(in reply to RCPT TO command\)/);
  const [attempt] = await fx.mail.listQueueAttempts(entry!.id);
  assert.deepEqual([attempt?.outcome, attempt?.status, attempt?.host], ['deferred', '4.3.0', `mx1.remote.test[127.0.0.1]:${mx.port}`]);

  await fx.pass();
  assert.equal(mx.transactions().length, 1, 'not due yet: no second attempt');
  fx.clock.now = START + 5 * MINUTE;
  await fx.pass();
  assert.equal(mx.transactions().at(-1)?.reply?.startsWith('250'), true);
  assert.deepEqual(await fx.mail.listQueue(), []);
});

test('bounces only the recipient refused with 5xx, with an RFC 3464 report in the sender\'s mailbox', async (t) => {
  const mx = await fakeMxFor(t, { script: { rcptTo: (address) => (address.startsWith('gone@') ? { code: 550, text: '5.1.1 <gone@remote.test>: User unknown' } : null) } });
  const fx = await queueFixture(t, { mxPort: mx.port });
  await fx.submit('ann@example.test', ['gone@remote.test', 'here@remote.test']);
  await fx.pass();
  assert.deepEqual(mx.transactions()[0]!.rcptTo.map((r) => r.address), ['gone@remote.test', 'here@remote.test']);
  assert.deepEqual(await fx.mail.listQueue(), []);
  const [bounce, ...more] = await fx.inbox('ann@example.test');
  assert.equal(more.length, 0);
  const { parsed, status } = await parseDsn(bounce!.text);
  assert.equal(parsed.subject, 'Undelivered Mail Returned to Sender');
  assert.match(bounce!.text, /^Return-Path: <>\r\n/);
  assert.match(status, /Final-Recipient: rfc822; ?gone@remote\.test\r\nAction: failed\r\nStatus: 5\.1\.1\r\nRemote-MTA: dns; ?mx1\.remote\.test\r\nDiagnostic-Code: smtp; ?550 5\.1\.1 <gone@remote\.test>: User unknown/);
  assert.doesNotMatch(status, /here@remote\.test/);
});

test('never bounces mail from the null sender', async (t) => {
  const mx = await fakeMxFor(t, { script: { rcptTo: () => ({ code: 550, text: '5.1.1 No such user' }) } });
  const fx = await queueFixture(t, { mxPort: mx.port });
  await fx.submit('', ['gone@remote.test'], 'From: MAILER-DAEMON@example.test\r\nSubject: a bounce\r\n\r\nx\r\n');
  await fx.pass();
  assert.deepEqual(await fx.mail.listQueue(), []);
  for (const address of ['ann@example.test', 'bob@example.test']) assert.equal((await fx.inbox(address)).length, 0);
  assert.ok(fx.logs.some((line) => line.msg === 'delivery attempt' && line.outcome === 'failed'));
});

test('sends one delay warning after delay_warning, and bounces with 4.4.7 at the end of the lifetime', async (t) => {
  const mx = await fakeMxFor(t, { script: { rcptTo: () => ({ code: 452, text: '4.2.2 Mailbox full' }) } });
  const fx = await queueFixture(t, { mxPort: mx.port, settings: { delayWarning: 30 * MINUTE, maxLifetime: 3 * 3600_000 } });
  const [entry] = await fx.submit('ann@example.test', ['full@remote.test']);
  await fx.pass();
  assert.equal((await fx.inbox('ann@example.test')).length, 0, 'no warning before delay_warning');
  fx.clock.now = START + 40 * MINUTE;
  await fx.pass();
  let inbox = await fx.inbox('ann@example.test');
  assert.equal(inbox.length, 1);
  const warning = await parseDsn(inbox[0]!.text);
  assert.equal(warning.parsed.subject, 'Delayed Mail (still being retried)');
  assert.match(warning.status, /Action: delayed\r\nStatus: 4\.2\.2/);
  assert.match(warning.status, /Will-Retry-Until: Mon, 5 Jan 2026 12:00:00 \+0000/);
  assert.equal((await fx.mail.findQueueEntry(entry!.id))?.delayWarned, true);
  fx.clock.now = START + 2 * 3600_000;
  await fx.pass();
  assert.equal((await fx.inbox('ann@example.test')).length, 1, 'one warning only');
  fx.clock.now = START + 3 * 3600_000;
  await fx.pass();
  inbox = await fx.inbox('ann@example.test');
  assert.equal(inbox.length, 2);
  const bounce = await parseDsn(inbox[1]!.text);
  assert.match(bounce.status, /Action: failed\r\nStatus: 4\.4\.7/);
  assert.match(bounce.status, /delivery time expired/);
  assert.deepEqual(await fx.mail.listQueue(), []);
});

test('bounces a domain with a null MX at once with 556 5.1.10, without connecting', async (t) => {
  const mx = await fakeMxFor(t);
  const fx = await queueFixture(t, { mxPort: mx.port, zone: { 'nomail.test': { mx: [{ preference: 0, exchange: '' }] } } });
  await fx.submit('ann@example.test', ['x@nomail.test']);
  await fx.pass();
  assert.equal(mx.connections(), 0);
  const [bounce] = await fx.inbox('ann@example.test');
  const { status } = await parseDsn(bounce!.text);
  assert.match(status, /Action: failed\r\nStatus: 5\.1\.10/);
});

test('falls back to the next MX when the best one does not answer', async (t) => {
  const mx = await fakeMxFor(t);
  const fx = await queueFixture(t, {
    mxPort: mx.port,
    zone: {
      'remote.test': { mx: [{ preference: 20, exchange: 'backup.remote.test' }, { preference: 10, exchange: 'down.remote.test' }] },
      // Nothing listens on 127.0.0.2 (the fake binds 127.0.0.1 only): the connection is refused.
      'down.remote.test': { a: ['127.0.0.2'] },
      'backup.remote.test': { a: ['127.0.0.1'] },
    },
  });
  const [entry] = await fx.submit('ann@example.test', ['x@remote.test']);
  await fx.pass();
  assert.equal(mx.transactions().length, 1);
  assert.deepEqual(await fx.mail.listQueue(), []);
  assert.ok(fx.logs.some((line) => line.msg === 'delivery attempt' && line.queueId === entry!.id && line.outcome === 'delivered'));
});

test('defers every recipient when no MX answers, and keeps the reason', async (t) => {
  const mx = await fakeMxFor(t);
  const fx = await queueFixture(t, { mxPort: mx.port, zone: { 'remote.test': { mx: [{ preference: 10, exchange: 'down.remote.test' }] }, 'down.remote.test': { a: ['127.0.0.2'] } } });
  const [entry] = await fx.submit('ann@example.test', ['x@remote.test']);
  await fx.pass();
  const deferred = await fx.mail.findQueueEntry(entry!.id);
  assert.equal(deferred?.status, 'queued');
  assert.match(deferred?.lastReply ?? '', /connect to down\.remote\.test\[127\.0\.0\.2\]/);
});

test('bounces an entry at once on `queue bounce`, without another attempt', async (t) => {
  const mx = await fakeMxFor(t, { script: { rcptTo: () => ({ code: 451, text: '4.3.0 Later' }) } });
  const fx = await queueFixture(t, { mxPort: mx.port });
  const [entry] = await fx.submit('ann@example.test', ['x@remote.test']);
  await fx.pass();
  assert.equal(await fx.mail.requestBounce([entry!.id]), 1);
  await fx.pass();
  assert.equal(mx.transactions().length, 1);
  const [bounce] = await fx.inbox('ann@example.test');
  const { status } = await parseDsn(bounce!.text);
  assert.match(status, /Action: failed\r\nStatus: 5\.0\.0/);
  assert.deepEqual(await fx.mail.listQueue(), []);
});

test('relays through a smart host with STARTTLS and AUTH, rewriting the sender to its account', async (t) => {
  const certificate = await testCertificate('smtp.provider.test');
  const smart = await fakeMxFor(t, { name: 'smtp.provider.test', tls: certificate, auth: { username: 'relay@provider.test', password: 'app-password' } });
  const fx = await queueFixture(t, {
    mxPort: 25,
    ca: certificate.cert,
    zone: { 'smtp.provider.test': { a: ['127.0.0.1'] } },
    routes: {
      smartHost: { host: '[smtp.provider.test]', port: smart.port, tls: 'required', auth: { username: 'relay@provider.test', password: 'app-password' }, rewriteSender: 'relay@provider.test' },
    },
  });
  await fx.submit('ann@example.test', ['x@remote.test', 'y@elsewhere.test'], 'From: Ann <ann@example.test>\r\nSubject: via smart host\r\n\r\nHi.\r\n');
  await fx.pass();
  const sessions = smart.sessions.filter((session) => session.transactions.length > 0);
  assert.ok(sessions.length >= 1);
  for (const session of sessions) assert.deepEqual([session.secure, session.user, session.servername], [true, 'relay@provider.test', 'smtp.provider.test']);
  const transactions = smart.transactions();
  assert.equal(transactions.length, 2, 'one transaction per recipient domain');
  for (const transaction of transactions) {
    assert.equal(transaction.mailFrom, 'relay@provider.test');
    assert.match(transaction.body!.toString(), /^From: Ann <relay@provider\.test>\r\nReply-To: Ann <ann@example\.test>\r\nSubject: via smart host\r\n/);
  }
  assert.deepEqual(await fx.mail.listQueue(), []);
});

test('sends a UTF-8 header that came without SMTPUTF8 on as it came, and bounces SMTPUTF8 mail at an MX without it (5.6.7)', async (t) => {
  const mx = await fakeMxFor(t, { hideSmtpUtf8: true });
  const fx = await queueFixture(t, { mxPort: mx.port });
  await fx.submit('ann@example.test', ['x@remote.test'], 'From: ann@example.test\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nHallo.\r\n');
  await fx.pass();
  assert.equal(mx.transactions().length, 1, 'delivered as Postfix would');
  const router = fx.router;
  const tx = await router.start({
    sender: 'ann@example.test',
    declaredSize: null,
    smtputf8: true,
    client: { sessionId: 't', address: '127.0.0.1', port: 0, helo: 'h', tls: null, authenticatedAs: null, inRelayNetwork: false, local: true },
  });
  assert.deepEqual(await tx.addRecipient('y@remote.test'), { ok: true });
  await tx.writeBody(Buffer.from('From: ann@example.test\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nHallo.\r\n'));
  assert.equal((await tx.commit()).ok, true);
  await fx.pass();
  assert.equal(mx.transactions().length, 1, 'no MAIL for the SMTPUTF8 message');
  const [bounce] = await fx.inbox('ann@example.test');
  const { status } = await parseDsn(bounce!.text);
  assert.match(status, /Action: failed\r\nStatus: 5\.6\.7/);
});

test('declares BODY=8BITMIME for 8-bit content and SMTPUTF8 for mail that came with it', async (t) => {
  const mx = await fakeMxFor(t);
  const fx = await queueFixture(t, { mxPort: mx.port });
  await fx.submit('ann@example.test', ['x@remote.test'], 'From: ann@example.test\r\nSubject: plain\r\n\r\ncaf\u00e9\r\n');
  await fx.submit('ann@example.test', ['y@remote.test'], 'From: ann@example.test\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nHallo.\r\n', { smtputf8: true });
  await fx.submit('ann@example.test', ['z@remote.test'], 'From: ann@example.test\r\nSubject: plain\r\n\r\nplain\r\n');
  await fx.pass();
  const byRecipient = new Map(mx.transactions().map((tx) => [tx.rcptTo[0]!.address, tx.mailArgs]));
  assert.deepEqual([byRecipient.get('x@remote.test')?.BODY, byRecipient.get('x@remote.test')?.SMTPUTF8], ['8BITMIME', undefined]);
  assert.deepEqual([byRecipient.get('y@remote.test')?.BODY, byRecipient.get('y@remote.test')?.SMTPUTF8], ['8BITMIME', true]);
  assert.deepEqual([byRecipient.get('z@remote.test')?.BODY, byRecipient.get('z@remote.test')?.SMTPUTF8], [undefined, undefined]);
});

test('sends the postmaster a copy of each bounce with the original header only, when asked', async (t) => {
  const mx = await fakeMxFor(t, { script: { rcptTo: () => ({ code: 550, text: '5.1.1 No such user' }) } });
  const fx = await queueFixture(t, { mxPort: mx.port, postmasterCopy: true });
  await fx.submit('bob@example.test', ['gone@remote.test'], 'From: bob@example.test\r\nSubject: secret plans\r\n\r\nThe body stays private.\r\n');
  await fx.pass();
  const [toSender] = await fx.inbox('bob@example.test');
  const [toPostmaster] = await fx.inbox('ann@example.test');
  assert.match(toSender!.text, /The body stays private\./);
  assert.match(toPostmaster!.text, /Subject: Undelivered Mail Returned to Sender/);
  assert.match(toPostmaster!.text, /Content-Type: text\/rfc822-headers/);
  assert.match(toPostmaster!.text, /Subject: secret plans/);
  assert.doesNotMatch(toPostmaster!.text, /The body stays private/);
});

test('reports NOTIFY=SUCCESS as "relayed" only to a next hop without DSN; one with DSN reports it itself', async (t) => {
  const withDsn = await fakeMxFor(t);
  const fx = await queueFixture(t, { mxPort: withDsn.port });
  await fx.submit('ann@example.test', ['x@remote.test'], undefined, { dsn: { notify: ['SUCCESS'], orcpt: null } });
  await fx.pass();
  assert.deepEqual(withDsn.transactions()[0]!.rcptTo[0]!.notify, ['SUCCESS']);
  assert.equal((await fx.inbox('ann@example.test')).length, 0, 'no report of ours: the next hop reports');

  const withoutDsn = await fakeMxFor(t, { hideDsn: true });
  const other = await queueFixture(t, { mxPort: withoutDsn.port });
  await other.submit('ann@example.test', ['x@remote.test'], undefined, { dsn: { notify: ['SUCCESS'], orcpt: null } });
  await other.pass();
  const [report] = await other.inbox('ann@example.test');
  const { parsed, status } = await parseDsn(report!.text);
  assert.equal(parsed.subject, 'Successful Mail Delivery Report');
  assert.match(status, /Action: relayed\r\nStatus: 2\.\d\.\d/);
});

test('keeps the null sender of a bounce through a smart host that rewrites senders', async (t) => {
  const certificate = await testCertificate('smtp.provider.test');
  const smart = await fakeMxFor(t, { name: 'smtp.provider.test', tls: certificate, auth: { username: 'relay@provider.test', password: 'pw' } });
  const fx = await queueFixture(t, {
    mxPort: 25,
    ca: certificate.cert,
    zone: { 'smtp.provider.test': { a: ['127.0.0.1'] } },
    routes: { smartHost: { host: '[smtp.provider.test]', port: smart.port, tls: 'required', auth: { username: 'relay@provider.test', password: 'pw' }, rewriteSender: 'relay@provider.test' } },
  });
  await fx.submit('', ['x@remote.test'], 'From: MAILER-DAEMON@mx.example.test\r\nSubject: a bounce\r\n\r\nx\r\n');
  await fx.pass();
  assert.equal(smart.transactions()[0]?.mailFrom, '');
});

test('does not DKIM-sign forwarded mail from an untrusted client, and signs what a trusted client submitted', async (t) => {
  const mx = await fakeMxFor(t);
  const fx = await queueFixture(t, { mxPort: mx.port });
  const { generateDkimKey } = await import('../../src/outbound/index.ts');
  const key = await generateDkimKey('rsa-sha256');
  await fx.mail.addDkimKey({ domain: 'example.test', selector: 'sel', algorithm: 'rsa-sha256', privateKeyPem: key.privateKeyPem, publicKey: key.publicKey });
  await fx.mail.addAlias('team@example.test', ['x@remote.test']);
  const untrusted = { local: false, sessionId: 'internet', address: '203.0.113.7' };
  // A spoofed From: of our domain, sent from the internet to an alias that forwards out.
  await fx.submit('spoofer@elsewhere.test', ['team@example.test'], 'From: CEO <ann@example.test>\r\nSubject: wire money\r\n\r\nNow.\r\n', { client: untrusted });
  // And the same from a trusted (local) client: signed for its From: domain.
  await fx.submit('ann@example.test', ['team@example.test'], 'From: Ann <ann@example.test>\r\nSubject: hello\r\n\r\nHi.\r\n');
  await fx.pass();
  const bodies = mx.transactions().map((tx) => tx.body!.toString());
  const spoofed = bodies.find((body) => body.includes('wire money'))!;
  const genuine = bodies.find((body) => body.includes('Subject: hello'))!;
  // Its SRS sender is at example.test too: a signature of ours would pass DMARC for the spoofed From.
  assert.doesNotMatch(spoofed, /DKIM-Signature:/);
  assert.match(genuine, /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.test;/);
});

test('gives back at start the leases of a runner that had this process id before (a restarted container)', async (t) => {
  const mx = await fakeMxFor(t);
  const fx = await queueFixture(t, { mxPort: mx.port });
  const [entry] = await fx.submit('ann@example.test', ['x@remote.test']);
  const { hostname } = await import('node:os');
  await fx.mail.leaseDue({ owner: `${hostname()}:${process.pid}:deadbeef`, leaseMs: 30 * MINUTE, limit: 10 });
  assert.equal((await fx.mail.findQueueEntry(entry!.id))?.status, 'delivering');
  const { startQueueRunner } = await import('../../src/queue/runner.ts');
  const { createSmtpTransfer, createDkimSigner, DEFAULT_ROUTE_SETTINGS } = await import('../../src/outbound/index.ts');
  const { silentLogger } = await import('../../src/log/index.ts');
  const transfer = createSmtpTransfer({ ehloName: 'mx.example.test', logger: silentLogger() });
  t.after(() => transfer.close());
  const runner = startQueueRunner({
    mail: fx.mail,
    resolver: fx.resolver,
    routes: () => ({ ...DEFAULT_ROUTE_SETTINGS, mxPort: mx.port, addressPreference: 'ipv4-only' }),
    settings: () => fx.settings,
    transfer,
    dkim: createDkimSigner({ keys: fx.mail }),
    notify: async () => {},
    random: () => 0.5,
    now: () => fx.clock.now,
    logger: silentLogger(),
  });
  t.after(() => runner.stop());
  const deadline = Date.now() + 10_000;
  while ((await fx.mail.listQueue()).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(await fx.mail.listQueue(), []);
  assert.equal(mx.transactions().length, 1);
});

test('stop() returns leased entries not yet attempted to the queue', async (t) => {
  const mx = await fakeMxFor(t);
  const fx = await queueFixture(t, { mxPort: mx.port });
  const [entry] = await fx.submit('ann@example.test', ['x@remote.test']);
  const { hostname } = await import('node:os');
  await fx.mail.leaseDue({ owner: `${hostname()}:1:gone`, leaseMs: 30 * MINUTE, limit: 10 });
  await fx.runner.stop();
  assert.equal((await fx.mail.findQueueEntry(entry!.id))?.status, 'delivering', 'another runner\'s lease is not ours to give back');
});
