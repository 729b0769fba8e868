import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSrs } from '../../src/delivery/srs.ts';
import { SRS_SECRET_SETTING } from '../../src/delivery/srs-rewriting.ts';
import { createRouter } from '../../src/delivery/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { envelope, NOW, OPTIONS, setup, startTx, writeMessage, type Fixture } from '../helpers/router-fixture.ts';

const MESSAGE = 'From: joerg@remote.example\r\nTo: team@example.test\r\nSubject: forwarded\r\n\r\nHello.\r\n';
const SECRET = 'configured-secret-0001';

/** The sender a forward from `forwarderDomain` must carry, signed with the secret the store generated. */
async function expectedSrs(fx: Fixture, sender: string, forwarderDomain: string): Promise<string> {
  const secret = await fx.mail.findSetting(SRS_SECRET_SETTING);
  assert.ok(secret, 'no generated SRS secret in the store');
  return createSrs({ secrets: [secret], clock: () => new Date(NOW) }).forward(sender, forwarderDomain);
}

async function inboxCount(fx: Fixture, address: string): Promise<number> {
  const account = await fx.mail.findAccount(address);
  assert.ok(account, `no account ${address}`);
  const mailbox = (await fx.mail.listMailboxes(account.id)).find((m) => m.name === 'INBOX');
  assert.ok(mailbox);
  return (await fx.mail.listMessages(mailbox.id)).length;
}

/** Recipient → envelope sender of every entry in the queue. */
async function queued(fx: Fixture): Promise<Array<[string, string]>> {
  return (await fx.mail.listQueue()).map((entry) => [entry.recipient, entry.sender]);
}

async function deliverTo(fx: Fixture, recipients: string[], env = envelope(), options = OPTIONS): Promise<void> {
  const tx = await startTx(fx, env, options);
  for (const recipient of recipients) assert.deepEqual(await tx.addRecipient(recipient), { ok: true }, recipient);
  await writeMessage(tx, MESSAGE);
  const outcome = await tx.commit();
  assert.ok(outcome.ok, JSON.stringify(outcome));
}

test('delivers an alias to its local account and queues its remote target with the SRS sender, for a client from the internet', async () => {
  const fx = await setup({ aliases: { 'team@example.test': ['ann@example.test', 'Friend@Remote.Example'] } });
  try {
    await deliverTo(fx, ['team@example.test']);
    const srsSender = await expectedSrs(fx, 'joerg@remote.example', 'example.test');
    assert.match(srsSender, /^SRS0=[^=]{4}=[A-Z2-7]{2}=remote\.example=joerg@example\.test$/);
    const { request, result } = fx.deliveries[0]!;
    assert.equal(request.sender, 'joerg@remote.example');
    assert.deepEqual(request.remote, [{ recipient: 'friend@remote.example', sender: srsSender }]);
    assert.equal(result.local.length, 1);
    assert.equal(await inboxCount(fx, 'ann@example.test'), 1);
    assert.deepEqual(await queued(fx), [['friend@remote.example', srsSender]]);
    const [copy] = await fx.mail.listMessages(result.local[0]!.mailboxId);
    assert.equal(copy?.prefix, 'Return-Path: <joerg@remote.example>\r\nDelivered-To: ann@example.test\r\n');
  } finally {
    await fx.close();
  }
});

test('forwards an account that keeps a copy to its INBOX and its remote target', async () => {
  const fx = await setup();
  try {
    await fx.mail.setForwarding('bob@example.test', ['bob@home.example'], true);
    await deliverTo(fx, ['bob@example.test']);
    assert.equal(await inboxCount(fx, 'bob@example.test'), 1);
    assert.deepEqual(await queued(fx), [['bob@home.example', await expectedSrs(fx, 'joerg@remote.example', 'example.test')]]);
  } finally {
    await fx.close();
  }
});

test('forwards an account without a copy: only the queue gets the message', async () => {
  const fx = await setup();
  try {
    await fx.mail.setForwarding('bob@example.test', ['bob@home.example', 'cid@example.test'], false);
    await deliverTo(fx, ['bob+lists@example.test']);
    assert.equal(await inboxCount(fx, 'bob@example.test'), 0);
    assert.equal(await inboxCount(fx, 'cid@example.test'), 1);
    assert.deepEqual(await queued(fx), [['bob@home.example', await expectedSrs(fx, 'joerg@remote.example', 'example.test')]]);
    assert.deepEqual(fx.deliveries[0]!.request.local.map((l) => l.accountId), [(await fx.mail.findAccount('cid@example.test'))!.id]);
  } finally {
    await fx.close();
  }
});

test('keeps the null sender of a forwarded bounce and a sender already in the forwarder\'s domain', async () => {
  const fx = await setup({ aliases: { 'team@example.test': ['out@remote.example'] } });
  try {
    await fx.mail.setSenderPolicy('ann@example.test', 'any'); // the test message is From: joerg@remote.example
    await deliverTo(fx, ['team@example.test'], envelope({ sender: '' }));
    await deliverTo(fx, ['team@example.test'], envelope({ sender: 'ann@example.test' }, { authenticatedAs: 'ann@example.test' }));
    assert.deepEqual(fx.deliveries.map((d) => d.request.remote), [[{ recipient: 'out@remote.example' }], [{ recipient: 'out@remote.example' }]]);
    assert.deepEqual(await queued(fx), [
      ['out@remote.example', ''],
      ['out@remote.example', 'ann@example.test'],
    ]);
  } finally {
    await fx.close();
  }
});

test('queues a remote recipient once: the client\'s own RCPT keeps the original sender, two forwards make one entry', async () => {
  const fx = await setup({ aliases: { 'a@example.test': ['x@remote.example'], 'b@example.test': ['x@remote.example', 'y@remote.example'] } });
  try {
    const relay = envelope({}, { inRelayNetwork: true });
    await deliverTo(fx, ['a@example.test', 'x@remote.example', 'b@example.test'], relay);
    const srsSender = await expectedSrs(fx, 'joerg@remote.example', 'example.test');
    assert.deepEqual(await queued(fx), [
      ['x@remote.example', 'joerg@remote.example'],
      ['y@remote.example', srsSender],
    ]);
  } finally {
    await fx.close();
  }
});

test('signs with the first configured secret and generates no secret of its own then', async () => {
  const fx = await setup({ aliases: { 'team@example.test': ['out@remote.example'] } });
  try {
    await deliverTo(fx, ['team@example.test'], envelope(), { ...OPTIONS, srs: { enabled: true, secrets: [SECRET, 'older-secret-00001'], maxAgeDays: 21 } });
    const [[, sender] = ['', '']] = await queued(fx);
    assert.equal(sender, createSrs({ secrets: [SECRET], clock: () => new Date(NOW) }).forward('joerg@remote.example', 'example.test'));
    assert.equal(await fx.mail.findSetting(SRS_SECRET_SETTING), undefined);
  } finally {
    await fx.close();
  }
});

test('forwards with the original sender when SRS is off', async () => {
  const fx = await setup({ aliases: { 'team@example.test': ['out@remote.example'] } });
  try {
    await deliverTo(fx, ['team@example.test'], envelope(), { ...OPTIONS, srs: { enabled: false, secrets: [], maxAgeDays: 21 } });
    assert.deepEqual(await queued(fx), [['out@remote.example', 'joerg@remote.example']]);
    assert.equal(await fx.mail.findSetting(SRS_SECRET_SETTING), undefined);
  } finally {
    await fx.close();
  }
});

test('still refuses to relay to a remote address a client names itself', async () => {
  const fx = await setup({ aliases: { 'team@example.test': ['out@remote.example'] } });
  try {
    const tx = await startTx(fx);
    assert.deepEqual(await tx.addRecipient('team@example.test'), { ok: true });
    assert.deepEqual(await tx.addRecipient('out@remote.example'), { ok: false, kind: 'relay-denied' });
    await tx.abort();
  } finally {
    await fx.close();
  }
});

test('lets an account that forwards without a copy still send as itself', async () => {
  const fx = await setup();
  try {
    await fx.mail.setForwarding('ann@example.test', ['ann@home.example'], false);
    const tx = await startTx(fx, envelope({ sender: 'ann@example.test' }, { authenticatedAs: 'ann@example.test' }));
    assert.deepEqual(await tx.acceptSender(), { ok: true });
    await tx.abort();
  } finally {
    await fx.close();
  }
});

test('answers a failing secret lookup with a temporary failure and leaves the recipient out entirely', async () => {
  const fx = await setup({ aliases: { 'team@example.test': ['ann@example.test', 'out@remote.example'] } });
  try {
    const broken = new Proxy(fx.mail, {
      get(target, prop) {
        if (prop === 'initSetting') return async () => Promise.reject(new Error('database unavailable'));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const tx = await createRouter({ mail: broken, options: OPTIONS, logger: silentLogger(), clock: () => NOW }).start(envelope());
    assert.deepEqual(await tx.addRecipient('team@example.test'), { ok: false, kind: 'temporary-failure' });
    assert.deepEqual(await tx.addRecipient('bob@example.test'), { ok: true });
    await writeMessage(tx, MESSAGE);
    const outcome = await tx.commit();
    assert.ok(outcome.ok);
    assert.deepEqual([outcome.result.localRecipients, outcome.result.remoteRecipients], [1, 0]);
    assert.equal(await inboxCount(fx, 'ann@example.test'), 0);
  } finally {
    await fx.close();
  }
});
