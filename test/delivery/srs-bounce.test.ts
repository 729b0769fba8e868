import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureLog } from '../helpers/capture-log.ts';
import { createRouter } from '../../src/delivery/index.ts';
import { createSrs } from '../../src/delivery/srs.ts';
import { SRS_SECRET_SETTING, type SrsSettings } from '../../src/delivery/srs-rewriting.ts';
import { silentLogger } from '../../src/log/index.ts';
import { envelope, NOW, OPTIONS, setup, startTx, writeMessage, type Fixture } from '../helpers/router-fixture.ts';

const DAY = 86_400_000;
const GENERATED = 'generated-secret-in-the-store';
const BOUNCE = 'From: MAILER-DAEMON@mx.remote.example\r\nSubject: Undelivered Mail\r\n\r\nSorry.\r\n';

/** An SRS address at `domain` for `sender`, made `daysAgo` days before NOW with `secret`. */
function srsAddress(secret: string, sender: string, domain = 'example.test', daysAgo = 0): string {
  return createSrs({ secrets: [secret], clock: () => new Date(NOW - daysAgo * DAY) }).forward(sender, domain);
}

/** A fixture whose store already holds a generated SRS secret, as after the first forward. */
async function setupWithSecret(): Promise<Fixture> {
  const fx = await setup();
  await fx.mail.initSetting(SRS_SECRET_SETTING, GENERATED);
  return fx;
}

/** A bounce from the internet (null sender, no authentication, not a relay network). */
function bounceEnvelope() {
  return envelope({ sender: '' });
}

test('accepts a bounce to a valid SRS address from any client and queues it to the original sender', async () => {
  const fx = await setupWithSecret();
  try {
    const address = srsAddress(GENERATED, 'Joerg@Remote.Example');
    const tx = await startTx(fx, bounceEnvelope());
    assert.deepEqual(await tx.addRecipient(address), { ok: true });
    await writeMessage(tx, BOUNCE);
    const outcome = await tx.commit();
    assert.ok(outcome.ok);
    assert.equal(outcome.result.remoteRecipients, 1);
    assert.deepEqual(fx.deliveries[0]!.request.remote, [{ recipient: 'Joerg@remote.example' }]);
    assert.deepEqual((await fx.mail.listQueue()).map((e) => [e.recipient, e.sender]), [['Joerg@remote.example', '']]);
  } finally {
    await fx.close();
  }
});

test('reverses an SRS address in any letter case and under a domain alias', async () => {
  const fx = await setupWithSecret();
  try {
    await fx.mail.addDomain('example.org', { aliasOf: 'example.test' });
    const tx = await startTx(fx, bounceEnvelope());
    assert.deepEqual(await tx.addRecipient(srsAddress(GENERATED, 'a@remote.example').toLowerCase()), { ok: true });
    assert.deepEqual(await tx.addRecipient(srsAddress(GENERATED, 'b@remote.example', 'example.org')), { ok: true });
    await writeMessage(tx, BOUNCE);
    assert.ok((await tx.commit()).ok);
    assert.deepEqual(fx.deliveries[0]!.request.remote.map((r) => r.recipient), ['a@remote.example', 'b@remote.example']);
  } finally {
    await fx.close();
  }
});

test('delivers a bounce whose original sender is local into that account', async () => {
  const fx = await setupWithSecret();
  try {
    await fx.mail.addDomain('example.org', { aliasOf: 'example.test' });
    const tx = await startTx(fx, bounceEnvelope());
    assert.deepEqual(await tx.addRecipient(srsAddress(GENERATED, 'ann@example.test', 'example.org')), { ok: true });
    await writeMessage(tx, BOUNCE);
    const outcome = await tx.commit();
    assert.ok(outcome.ok);
    assert.deepEqual([outcome.result.localRecipients, outcome.result.remoteRecipients], [1, 0]);
    assert.equal(fx.deliveries[0]!.request.local[0]!.accountId, (await fx.mail.findAccount('ann@example.test'))!.id);
  } finally {
    await fx.close();
  }
});

test('passes a bounce to an SRS1 address back to the first forwarder', async () => {
  const fx = await setupWithSecret();
  try {
    const address = createSrs({ secrets: [GENERATED], clock: () => new Date(NOW) }).forward('SRS0=hash=TT=orig.example=ann@first.example', 'example.test');
    assert.match(address, /^SRS1=/);
    const tx = await startTx(fx, bounceEnvelope());
    assert.deepEqual(await tx.addRecipient(address), { ok: true });
    await writeMessage(tx, BOUNCE);
    assert.ok((await tx.commit()).ok);
    assert.deepEqual(fx.deliveries[0]!.request.remote, [{ recipient: 'SRS0=hash=TT=orig.example=ann@first.example' }]);
  } finally {
    await fx.close();
  }
});

test('refuses SRS addresses with a bad hash, an expired stamp or a broken form as unknown recipients, logging why', async () => {
  const fx = await setupWithSecret();
  try {
    const { logger, lines } = captureLog();
    const tx = await startTx(fx, bounceEnvelope(), OPTIONS, logger);
    const forged = srsAddress('a-secret-we-never-had', 'victim@remote.example');
    const expired = srsAddress(GENERATED, 'old@remote.example', 'example.test', 22);
    for (const address of [forged, expired, 'SRS0=nohash@example.test']) {
      assert.deepEqual(await tx.addRecipient(address), { ok: false, kind: 'unknown-recipient' }, address);
    }
    assert.deepEqual(await tx.addRecipient(srsAddress(GENERATED, 'recent@remote.example', 'example.test', 21)), { ok: true });
    await tx.abort();
    const refused = lines.filter((l) => l.msg === 'rejected: SRS address does not verify');
    assert.deepEqual(refused.map((l) => [l.recipient, l.failure]), [
      [forged, 'bad-hash'],
      [expired, 'expired'],
      ['SRS0=nohash@example.test', 'malformed'],
    ]);
  } finally {
    await fx.close();
  }
});

test('refuses every SRS address while no secret exists, without creating one', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx, bounceEnvelope());
    assert.deepEqual(await tx.addRecipient(srsAddress('whatever-secret', 'x@remote.example')), { ok: false, kind: 'unknown-recipient' });
    await tx.abort();
    assert.equal(await fx.mail.findSetting(SRS_SECRET_SETTING), undefined);
  } finally {
    await fx.close();
  }
});

test('treats SRS addresses as ordinary addresses when SRS is off or the domain is not local', async () => {
  const fx = await setupWithSecret();
  try {
    const off = { ...OPTIONS, srs: { enabled: false, secrets: [], maxAgeDays: 21 } };
    let tx = await startTx(fx, bounceEnvelope(), off);
    assert.deepEqual(await tx.addRecipient(srsAddress(GENERATED, 'x@remote.example')), { ok: false, kind: 'unknown-recipient' });
    await tx.abort();
    tx = await startTx(fx, bounceEnvelope());
    assert.deepEqual(await tx.addRecipient(srsAddress(GENERATED, 'x@remote.example', 'elsewhere.example')), { ok: false, kind: 'relay-denied' });
    await tx.abort();
  } finally {
    await fx.close();
  }
});

test('rotates configured secrets: every listed secret and the generated one verify, a removed one does not', async () => {
  const fx = await setupWithSecret();
  try {
    const rotated: SrsSettings = { enabled: true, secrets: ['new-secret-0000000001', 'old-secret-0000000001'], maxAgeDays: 21 };
    const tx = await startTx(fx, bounceEnvelope(), { ...OPTIONS, srs: rotated });
    for (const secret of ['new-secret-0000000001', 'old-secret-0000000001', GENERATED]) {
      assert.deepEqual(await tx.addRecipient(srsAddress(secret, `${secret}@remote.example`)), { ok: true }, secret);
    }
    await tx.abort();
    const after = await startTx(fx, bounceEnvelope(), { ...OPTIONS, srs: { ...rotated, secrets: ['new-secret-0000000001'] } });
    assert.deepEqual(await after.addRecipient(srsAddress('old-secret-0000000001', 'x@remote.example')), { ok: false, kind: 'unknown-recipient' });
    await after.abort();
  } finally {
    await fx.close();
  }
});

test('follows the configured max age', async () => {
  const fx = await setupWithSecret();
  try {
    const tx = await startTx(fx, bounceEnvelope(), { ...OPTIONS, srs: { enabled: true, secrets: [], maxAgeDays: 3 } });
    assert.deepEqual(await tx.addRecipient(srsAddress(GENERATED, 'a@remote.example', 'example.test', 3)), { ok: true });
    assert.deepEqual(await tx.addRecipient(srsAddress(GENERATED, 'b@remote.example', 'example.test', 4)), { ok: false, kind: 'unknown-recipient' });
    await tx.abort();
  } finally {
    await fx.close();
  }
});

test('generates the secret once from the random source, and a new router (a restart) reverses what the first signed', async () => {
  const fx = await setup({ aliases: { 'team@example.test': ['out@remote.example'] } });
  try {
    const random = (size: number) => Buffer.alloc(size, 7);
    const first = createRouter({ mail: fx.mail, options: OPTIONS, logger: silentLogger(), clock: () => NOW, randomBytes: random });
    const tx = await first.start(envelope());
    assert.deepEqual(await tx.addRecipient('team@example.test'), { ok: true });
    await writeMessage(tx, 'Subject: x\r\n\r\nx\r\n');
    assert.ok((await tx.commit()).ok);
    assert.equal(await fx.mail.findSetting(SRS_SECRET_SETTING), Buffer.alloc(32, 7).toString('base64url'));
    const [entry] = await fx.mail.listQueue();
    assert.ok(entry);

    const second = createRouter({ mail: fx.mail, options: OPTIONS, logger: silentLogger(), clock: () => NOW + 5 * DAY, randomBytes: () => Buffer.alloc(32, 9) });
    const bounce = await second.start(bounceEnvelope());
    assert.deepEqual(await bounce.addRecipient(entry.sender), { ok: true });
    await writeMessage(bounce, BOUNCE);
    assert.ok((await bounce.commit()).ok);
    assert.deepEqual(fx.deliveries[1]!.request.remote, [{ recipient: 'joerg@remote.example' }]);
    assert.equal(await fx.mail.findSetting(SRS_SECRET_SETTING), Buffer.alloc(32, 7).toString('base64url'));
  } finally {
    await fx.close();
  }
});
