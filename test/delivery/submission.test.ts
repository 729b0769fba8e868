// Submitted mail through the real router and store: the sender identity rules (envelope sender and
// From: per the account's sender policy) and message fixing (Bcc removed; Date, Message-ID and From
// added when missing) for authenticated and relay-network clients, and none of it for plain MX traffic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fixHeaderSection, SubmissionHeaders } from '../../src/delivery/submission-headers.ts';
import { envelope, NOW, setup, startTx, writeMessage, type Fixture } from '../helpers/router-fixture.ts';

const HOST = { hostname: 'mx.example.test', sender: 'ann@example.test', now: () => new Date(NOW) };

function message(from: string, extra: string[] = []): string {
  return [`From: ${from}`, 'To: bob@remote.example', 'Subject: hi', 'Date: Mon, 6 Jan 2025 09:59:58 +0000', 'Message-ID: <m1@example.test>', ...extra, '', 'body', ''].join('\r\n');
}

async function submit(fx: Fixture, sender: string, text: string, user: string | null = 'ann@example.test') {
  const tx = await startTx(fx, envelope({ sender }, { authenticatedAs: user }));
  const accepted = await tx.acceptSender();
  if (!accepted.ok) {
    await tx.abort();
    return { accepted, committed: null };
  }
  assert.deepEqual(await tx.addRecipient('bob@remote.example'), { ok: true });
  await writeMessage(tx, text);
  return { accepted, committed: await tx.commit() };
}

async function storedBody(fx: Fixture): Promise<string> {
  const request = fx.deliveries.at(-1)!.request;
  return readFile(fx.mail.blobs.path(request.blob.hash), 'latin1');
}

test('lets an account send as itself, its sub-addresses, its aliases and under a domain alias', async () => {
  const fx = await setup({ aliases: { 'sales@example.test': ['ann@example.test', 'bob@example.test'] } });
  try {
    await fx.mail.addDomain('example.org', { aliasOf: 'example.test' });
    for (const address of ['ann@example.test', 'Ann+news@Example.Test', 'sales@example.test', 'ann@example.org', '']) {
      const { accepted, committed } = await submit(fx, address, message('Ann <ann@example.test>'));
      assert.deepEqual(accepted, { ok: true }, address);
      assert.equal(committed?.ok, true, address);
    }
  } finally {
    await fx.close();
  }
});

test("refuses another account's address, a catch-all address and a foreign address as envelope sender", async () => {
  const fx = await setup({ aliases: { '@example.test': ['ann@example.test'] } });
  try {
    for (const address of ['bob@example.test', 'nobody@example.test', 'ann@remote.example']) {
      const { accepted } = await submit(fx, address, message('ann@example.test'));
      assert.deepEqual(accepted, { ok: false, kind: 'sender-not-owned' }, address);
    }
  } finally {
    await fx.close();
  }
});

test('refuses a From: address the account does not own at the end of DATA, group syntax and all', async () => {
  const fx = await setup();
  try {
    const one = await submit(fx, 'ann@example.test', message('Bob <bob@example.test>'));
    assert.deepEqual(one.committed, { ok: false, kind: 'from-not-owned' });
    const two = await submit(fx, 'ann@example.test', message('team: ann@example.test, bob@example.test;'));
    assert.deepEqual(two.committed, { ok: false, kind: 'from-not-owned' });
    assert.equal(fx.deliveries.length, 0);
  } finally {
    await fx.close();
  }
});

test('widens the allowed senders with the domain and any policies', async () => {
  const fx = await setup();
  try {
    await fx.mail.setSenderPolicy('ann@example.test', 'domain');
    assert.equal((await submit(fx, 'bob@example.test', message('bob@example.test'))).committed?.ok, true);
    assert.deepEqual((await submit(fx, 'ann@remote.example', message('ann@example.test'))).accepted, { ok: false, kind: 'sender-not-owned' });
    await fx.mail.setSenderPolicy('ann@example.test', 'any');
    assert.equal((await submit(fx, 'ann@remote.example', message('someone@remote.example'))).committed?.ok, true);
    assert.equal((await fx.mail.findAccount('ann@example.test'))?.senderPolicy, 'any');
  } finally {
    await fx.close();
  }
});

test('strips Bcc and adds Date, Message-ID and From to submitted mail that lacks them', async () => {
  const fx = await setup();
  try {
    const text = ['To: bob@remote.example', 'Bcc: secret@remote.example,', ' other@remote.example', 'Subject: hi', '', 'body', ''].join('\r\n');
    assert.equal((await submit(fx, 'ann@example.test', text)).committed?.ok, true);
    const stored = await storedBody(fx);
    assert.match(stored, /^To: bob@remote\.example\r\nSubject: hi\r\nFrom: <ann@example\.test>\r\nDate: Mon, 6 Jan 2025 10:00:00 \+0000\r\nMessage-ID: <[0-9a-f]{24}@mx\.example\.test>\r\n\r\nbody\r\n$/);
  } finally {
    await fx.close();
  }
});

test('fixes mail from relay networks too, and leaves mail from the internet untouched', async () => {
  const fx = await setup();
  try {
    const text = ['To: ann@example.test', 'Bcc: x@remote.example', '', 'printer scan', ''].join('\r\n');
    const relayed = await startTx(fx, envelope({ sender: 'scanner@example.test' }, { inRelayNetwork: true }));
    await relayed.addRecipient('ann@example.test');
    await writeMessage(relayed, text);
    assert.equal((await relayed.commit()).ok, true);
    assert.match(await storedBody(fx), /^To: ann@example\.test\r\nFrom: <scanner@example\.test>\r\nDate: .*\r\nMessage-ID: <.*@mx\.example\.test>\r\n\r\nprinter scan\r\n$/);

    const inbound = await startTx(fx, envelope({ sender: 'x@remote.example' }));
    assert.deepEqual(await inbound.acceptSender(), { ok: true });
    await inbound.addRecipient('ann@example.test');
    await writeMessage(inbound, text);
    assert.equal((await inbound.commit()).ok, true);
    assert.equal(await storedBody(fx), text);
  } finally {
    await fx.close();
  }
});

test('fixes a header section split at every byte the same way', () => {
  const text = Buffer.from('Subject: a\r\nBcc: b@c.example\r\n\r\nbody\r\n', 'latin1');
  const whole = Buffer.concat([...new SubmissionHeaders({ ...HOST, maxHeaderSize: 1000 }).push(text)]).toString('latin1');
  for (let at = 1; at < text.length; at++) {
    const fixer = new SubmissionHeaders({ ...HOST, maxHeaderSize: 1000 });
    const out = [...fixer.push(text.subarray(0, at)), ...fixer.push(text.subarray(at)), ...fixer.end()];
    const got = Buffer.concat(out).toString('latin1');
    assert.equal(got.replace(/<[0-9a-f]+@/, '<id@'), whole.replace(/<[0-9a-f]+@/, '<id@'), `split at ${at}`);
  }
  assert.match(whole, /^Subject: a\r\nFrom: <ann@example\.test>\r\nDate: .*\r\nMessage-ID: <.*>\r\n\r\nbody\r\n$/);
});

test('fixes a message without a body or without any header field', () => {
  const headersOnly = new SubmissionHeaders({ ...HOST, maxHeaderSize: 1000 });
  const out = [...headersOnly.push(Buffer.from('Subject: only\r\nDate: x\r\nMessage-ID: <a@b>\r\nFrom: a@b')), ...headersOnly.end()];
  assert.equal(Buffer.concat(out).toString(), 'Subject: only\r\nDate: x\r\nMessage-ID: <a@b>\r\nFrom: a@b\r\n');
  assert.equal(fixHeaderSection('', { ...HOST, sender: '' }).replace(/<[0-9a-f]+@/, '<id@'), 'Date: Mon, 6 Jan 2025 10:00:00 +0000\r\nMessage-ID: <id@mx.example.test>\r\n');
  const bodyOnly = new SubmissionHeaders({ ...HOST, maxHeaderSize: 1000 });
  const got = Buffer.concat([...bodyOnly.push(Buffer.from('\r\nbody\r\n')), ...bodyOnly.end()]).toString();
  assert.match(got, /^From: <ann@example\.test>\r\nDate: .*\r\nMessage-ID: <.*>\r\n\r\nbody\r\n$/);
});

test('passes an over-long header section through unchanged for the size check to refuse', () => {
  const fixer = new SubmissionHeaders({ ...HOST, maxHeaderSize: 20 });
  const long = Buffer.from(`Subject: ${'x'.repeat(40)}\r\n`);
  assert.deepEqual(fixer.push(long).map(String), [long.toString()]);
  assert.deepEqual(fixer.push(Buffer.from('Bcc: a@b\r\n\r\n')).map(String), ['Bcc: a@b\r\n\r\n']);
  assert.deepEqual(fixer.end(), []);
});
