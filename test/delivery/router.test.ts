import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureLog } from '../helpers/capture-log.ts';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRouter } from '../../src/delivery/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { envelope, NOW, OPTIONS, setup, startTx, writeMessage, type Fixture } from '../helpers/router-fixture.ts';

const MESSAGE = [
  'Received: from client.example.net by relay.example.net; Mon, 6 Jan 2025 09:59:59 +0000',
  'From: =?utf-8?Q?J=C3=B6rg?= <joerg@remote.example>',
  'To: team@example.test',
  'Subject: =?iso-8859-1?Q?Gr=FC=DFe?=',
  'Date: Mon, 6 Jan 2025 09:59:58 +0000',
  'Message-ID: <router-1@remote.example>',
  '',
  'Hello team.',
  '',
].join('\r\n');

async function inbox(fx: Fixture, address: string) {
  const account = await fx.mail.findAccount(address);
  assert.ok(account, `no account ${address}`);
  const mailbox = (await fx.mail.listMailboxes(account.id)).find((m) => m.name === 'INBOX');
  assert.ok(mailbox);
  return fx.mail.listMessages(mailbox.id);
}

async function tmpFiles(fx: Fixture): Promise<string[]> {
  return readdir(join(fx.dir, 'tmp'));
}

async function blobFiles(fx: Fixture): Promise<string[]> {
  const files = await readdir(join(fx.dir, 'blobs'), { recursive: true, withFileTypes: true });
  return files.filter((f) => f.isFile()).map((f) => f.name);
}

test('stores a message for two recipients and an alias fan-out as one blob with an entry in each INBOX', async () => {
  const fx = await setup({ aliases: { 'team@example.test': ['bob@example.test', 'cid@example.test'] } });
  try {
    const tx = await startTx(fx);
    assert.deepEqual(await tx.addRecipient('ann@example.test'), { ok: true });
    assert.deepEqual(await tx.addRecipient('Bob@Example.Test'), { ok: true });
    assert.deepEqual(await tx.addRecipient('team@example.test'), { ok: true });
    await writeMessage(tx, MESSAGE);
    const outcome = await tx.commit();
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.result, { messageId: fx.deliveries[0]!.result.messageId, localRecipients: 3, remoteRecipients: 0 });

    const blobs = await blobFiles(fx);
    assert.equal(blobs.length, 1);
    for (const address of ['ann@example.test', 'bob@example.test', 'cid@example.test']) {
      const messages = await inbox(fx, address);
      assert.equal(messages.length, 1, address);
      const [message] = messages;
      assert.equal(message!.blobHash, blobs[0]);
      assert.equal(message!.prefix, `Return-Path: <joerg@remote.example>\r\nDelivered-To: ${address}\r\n`);
      assert.equal(message!.internalDate, NOW);
      assert.equal(await readFile(fx.mail.blobs.path(message!.blobHash), 'latin1'), MESSAGE);
    }
    assert.deepEqual(await tmpFiles(fx), []);
  } finally {
    await fx.close();
  }
});

test('hands deliver the summary with decoded encoded words, the envelope sender and the clock\'s time', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx);
    await tx.addRecipient('ann@example.test');
    await writeMessage(tx, MESSAGE);
    assert.ok((await tx.commit()).ok);
    const { request } = fx.deliveries[0]!;
    const { subject, from, to, date, messageId, envelope, structure, size } = request.summary;
    assert.deepEqual({ subject, from, to, date, messageId }, {
      subject: 'Grüße',
      from: 'Jörg <joerg@remote.example>',
      to: 'team@example.test',
      date: 'Mon, 6 Jan 2025 09:59:58 +0000',
      messageId: '<router-1@remote.example>',
    });
    assert.equal(envelope.subject, '=?iso-8859-1?Q?Gr=FC=DFe?=');
    assert.deepEqual(envelope.from, [{ name: '=?utf-8?Q?J=C3=B6rg?=', adl: null, mailbox: 'joerg', host: 'remote.example' }]);
    assert.equal(size, Buffer.byteLength(MESSAGE, 'latin1'));
    assert.equal(MESSAGE.slice(structure.bodyStart, structure.end), 'Hello team.\r\n');
    assert.equal(request.searchText, 'Hello team.\n');
    assert.match(request.headerText, /^Subject: Grüße$/m);
    assert.equal(request.sender, 'joerg@remote.example');
    assert.equal(request.receivedAt, NOW);
    assert.equal(request.blob.size, Buffer.byteLength(MESSAGE, 'latin1'));
  } finally {
    await fx.close();
  }
});

test('writes an empty Return-Path for the null sender and names the account in Delivered-To for a sub-address', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx, envelope({ sender: '' }));
    assert.deepEqual(await tx.addRecipient('ann+lists@example.test'), { ok: true });
    await writeMessage(tx, MESSAGE);
    assert.ok((await tx.commit()).ok);
    const [message] = await inbox(fx, 'ann@example.test');
    assert.equal(message!.prefix, 'Return-Path: <>\r\nDelivered-To: ann@example.test\r\n');
  } finally {
    await fx.close();
  }
});

test('rejects unknown recipients and alias loops with their own kinds', async () => {
  const fx = await setup({ aliases: { 'loop@example.test': ['loop2@example.test'], 'loop2@example.test': ['loop@example.test'] } });
  try {
    const tx = await startTx(fx);
    assert.deepEqual(await tx.addRecipient('nobody@example.test'), { ok: false, kind: 'unknown-recipient' });
    assert.deepEqual(await tx.addRecipient('loop@example.test'), { ok: false, kind: 'alias-loop' });
    await tx.abort();
  } finally {
    await fx.close();
  }
});

test('denies relaying to a remote recipient for a client neither authenticated nor in a relay network', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx);
    assert.deepEqual(await tx.addRecipient('someone@remote.example'), { ok: false, kind: 'relay-denied' });
    await tx.abort();
  } finally {
    await fx.close();
  }
});

test('queues a remote recipient for a client in a relay network, keeping the case of its local part', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx, envelope({}, { inRelayNetwork: true }));
    assert.deepEqual(await tx.addRecipient('Someone@Remote.Example'), { ok: true });
    assert.deepEqual(await tx.addRecipient('someone@REMOTE.example'), { ok: true });
    assert.deepEqual(await tx.addRecipient('ann@example.test'), { ok: true });
    await writeMessage(tx, MESSAGE);
    const outcome = await tx.commit();
    assert.ok(outcome.ok);
    assert.equal(outcome.result.localRecipients, 1);
    assert.equal(outcome.result.remoteRecipients, 2);
    const { request, result } = fx.deliveries[0]!;
    assert.deepEqual(request.remote, [{ recipient: 'Someone@remote.example' }, { recipient: 'someone@remote.example' }]);
    assert.equal(result.queueIds.length, 2);
    assert.equal((await inbox(fx, 'ann@example.test')).length, 1);
  } finally {
    await fx.close();
  }
});

test('queues a remote recipient once for an authenticated client however often it is given', async () => {
  const fx = await setup();
  try {
    await fx.mail.setSenderPolicy('ann@example.test', 'any');
    const tx = await startTx(fx, envelope({}, { authenticatedAs: 'ann@example.test' }));
    assert.deepEqual(await tx.addRecipient('bob@remote.example'), { ok: true });
    assert.deepEqual(await tx.addRecipient('bob@Remote.Example'), { ok: true });
    await writeMessage(tx, MESSAGE);
    const outcome = await tx.commit();
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.result, { messageId: fx.deliveries[0]!.result.messageId, localRecipients: 0, remoteRecipients: 1 });
    assert.equal(fx.deliveries[0]!.result.queueIds.length, 1);
  } finally {
    await fx.close();
  }
});

test('rejects a recipient at RCPT when the declared size does not fit its quota', async () => {
  const fx = await setup({ accounts: [{ address: 'ann@example.test', quotaBytes: 1000 }] });
  try {
    const big = await startTx(fx, envelope({ declaredSize: 1001 }));
    assert.deepEqual(await big.addRecipient('ann@example.test'), { ok: false, kind: 'over-quota', detail: 'ann@example.test' });
    await big.abort();
    const fits = await startTx(fx, envelope({ declaredSize: 1000 }));
    assert.deepEqual(await fits.addRecipient('ann@example.test'), { ok: true });
    await fits.abort();
  } finally {
    await fx.close();
  }
});

test('rejects a recipient at RCPT when its mailbox is already full', async () => {
  const fx = await setup({ accounts: [{ address: 'ann@example.test' }] });
  try {
    const first = await startTx(fx);
    await first.addRecipient('ann@example.test');
    await writeMessage(first, MESSAGE);
    assert.ok((await first.commit()).ok);
    const used = (await fx.mail.findAccount('ann@example.test'))!.usedBytes;
    assert.ok(used >= Buffer.byteLength(MESSAGE));
    await fx.mail.setQuota('ann@example.test', used);
    const second = await startTx(fx);
    assert.deepEqual(await second.addRecipient('ann@example.test'), { ok: false, kind: 'over-quota', detail: 'ann@example.test' });
    await second.abort();
  } finally {
    await fx.close();
  }
});

test('rejects a recipient at RCPT when its account holds as many messages as its message quota allows', async () => {
  const fx = await setup({ accounts: [{ address: 'ann@example.test' }] });
  try {
    await fx.mail.setQuota('ann@example.test', null, 1);
    const first = await startTx(fx);
    assert.deepEqual(await first.addRecipient('ann@example.test'), { ok: true });
    await writeMessage(first, MESSAGE);
    assert.ok((await first.commit()).ok);
    const second = await startTx(fx);
    assert.deepEqual(await second.addRecipient('ann@example.test'), { ok: false, kind: 'over-quota', detail: 'ann@example.test' });
    await second.abort();
    await fx.mail.setQuota('ann@example.test', null, 2);
    const third = await startTx(fx);
    assert.deepEqual(await third.addRecipient('ann@example.test'), { ok: true });
    await third.abort();
  } finally {
    await fx.close();
  }
});

test('rejects the message at commit when the message quota filled up after RCPT, storing nothing', async () => {
  const fx = await setup({ accounts: [{ address: 'ann@example.test' }, { address: 'bob@example.test' }] });
  try {
    await fx.mail.setQuota('ann@example.test', null, 1);
    const late = await startTx(fx);
    assert.deepEqual(await late.addRecipient('bob@example.test'), { ok: true });
    assert.deepEqual(await late.addRecipient('ann@example.test'), { ok: true });
    const early = await startTx(fx);
    assert.deepEqual(await early.addRecipient('ann@example.test'), { ok: true });
    await writeMessage(early, MESSAGE);
    assert.ok((await early.commit()).ok);
    await writeMessage(late, MESSAGE);
    assert.deepEqual(await late.commit(), { ok: false, kind: 'over-quota', detail: 'ann@example.test' });
    assert.deepEqual(await inbox(fx, 'bob@example.test'), []);
  } finally {
    await fx.close();
  }
});

test('rejects the message at commit when it turns out larger than the quota, storing nothing', async () => {
  const fx = await setup({ accounts: [{ address: 'ann@example.test', quotaBytes: 100 }, { address: 'bob@example.test' }] });
  try {
    const tx = await startTx(fx);
    assert.deepEqual(await tx.addRecipient('bob@example.test'), { ok: true });
    assert.deepEqual(await tx.addRecipient('ann@example.test'), { ok: true });
    await writeMessage(tx, MESSAGE);
    assert.deepEqual(await tx.commit(), { ok: false, kind: 'over-quota', detail: 'ann@example.test' });
    assert.deepEqual(await inbox(fx, 'ann@example.test'), []);
    assert.deepEqual(await inbox(fx, 'bob@example.test'), []);
    assert.deepEqual(await tmpFiles(fx), []);
  } finally {
    await fx.close();
  }
});

test('rejects a message with more Received fields than allowed as too many hops, leaving no file', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx);
    await tx.addRecipient('ann@example.test');
    await writeMessage(tx, 'Received: a\r\n'.repeat(6) + MESSAGE);
    assert.deepEqual(await tx.commit(), { ok: false, kind: 'too-many-hops' });
    assert.deepEqual(await tmpFiles(fx), []);
    assert.deepEqual(await blobFiles(fx), []);
    assert.deepEqual(await inbox(fx, 'ann@example.test'), []);

    const atLimit = await startTx(fx);
    await atLimit.addRecipient('ann@example.test');
    await writeMessage(atLimit, 'Received: a\r\n'.repeat(4) + MESSAGE);
    assert.ok((await atLimit.commit()).ok);
  } finally {
    await fx.close();
  }
});

test('rejects a message whose header section is over the limit, leaving no file', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx, envelope(), { ...OPTIONS, maxHeaderSize: 200 });
    await tx.addRecipient('ann@example.test');
    await writeMessage(tx, `X-Padding: ${'p'.repeat(300)}\r\n${MESSAGE}`);
    assert.deepEqual(await tx.commit(), { ok: false, kind: 'header-too-large' });
    assert.deepEqual(await tmpFiles(fx), []);
    assert.deepEqual(await blobFiles(fx), []);
  } finally {
    await fx.close();
  }
});

test('leaves no temporary file after an abort, which may be called twice', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx);
    await tx.addRecipient('ann@example.test');
    await writeMessage(tx, MESSAGE);
    assert.equal((await tmpFiles(fx)).length, 1);
    await tx.abort();
    await tx.abort();
    assert.deepEqual(await tmpFiles(fx), []);
    assert.deepEqual(await blobFiles(fx), []);

    const noBody = await startTx(fx);
    await noBody.addRecipient('ann@example.test');
    await noBody.abort();
    assert.deepEqual(await tmpFiles(fx), []);
  } finally {
    await fx.close();
  }
});

test('answers a failing recipient lookup with a temporary failure', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx);
    fx.failNext.add('findDomain');
    assert.deepEqual(await tx.addRecipient('ann@example.test'), { ok: false, kind: 'temporary-failure' });
    assert.deepEqual(await tx.addRecipient('ann@example.test'), { ok: true });
    await tx.abort();
  } finally {
    await fx.close();
  }
});

test('answers a failing store transaction with a temporary failure and stores nothing', async () => {
  const fx = await setup();
  try {
    const tx = await startTx(fx);
    await tx.addRecipient('ann@example.test');
    await writeMessage(tx, MESSAGE);
    fx.failNext.add('deliver');
    assert.deepEqual(await tx.commit(), { ok: false, kind: 'temporary-failure' });
    assert.deepEqual(await inbox(fx, 'ann@example.test'), []);
    assert.deepEqual(await tmpFiles(fx), []);
  } finally {
    await fx.close();
  }
});

test('logs one line per committed delivery with the session id, message id, sender, recipients and size', async () => {
  const fx = await setup();
  try {
    const { logger, lines } = captureLog();
    const tx = await startTx(fx, envelope({}, { sessionId: 'sess-42' }), OPTIONS, logger);
    await tx.addRecipient('ann@example.test');
    await writeMessage(tx, MESSAGE);
    const outcome = await tx.commit();
    assert.ok(outcome.ok);
    const delivered = lines.filter((l) => l.msg === 'delivered');
    assert.equal(delivered.length, 1);
    assert.deepEqual(
      { ...delivered[0], time: undefined, level: undefined },
      {
        time: undefined,
        level: undefined,
        session: 'sess-42',
        messageId: outcome.result.messageId,
        sender: 'joerg@remote.example',
        local: ['ann@example.test'],
        remote: [],
        size: Buffer.byteLength(MESSAGE),
        msg: 'delivered',
      },
    );
  } finally {
    await fx.close();
  }
});

test('applies reconfigured options to transactions started afterwards', async () => {
  const fx = await setup();
  try {
    const router = createRouter({ mail: fx.mail, options: OPTIONS, logger: silentLogger() });
    const before = await router.start(envelope());
    router.reconfigure({ ...OPTIONS, plusDelimiter: '' });
    const after = await router.start(envelope());
    assert.deepEqual(await before.addRecipient('ann+x@example.test'), { ok: true });
    assert.deepEqual(await after.addRecipient('ann+x@example.test'), { ok: false, kind: 'unknown-recipient' });
    await before.abort();
    await after.abort();
  } finally {
    await fx.close();
  }
});
