// DKIM signing (src/outbound/dkim.ts) checked by mailauth's verifier against the keys published in a
// test DNS exactly as `mailstead dkim generate` prints them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { dkimVerify, type DKIMResult } from 'mailauth';
import { createDkimSigner, type DkimSignOutcome } from '../../src/outbound/dkim.ts';
import { FakeKeySource, HEADERS, mailauthResolver, message, publish, testKey, type TestDns } from './dkim-fixture.ts';

const NOW = Date.UTC(2026, 10, 2, 10, 0, 0);
const rsa = await testKey('example.org', 'ms202611', 'rsa-sha256');
const ed25519 = await testKey('example.net', 'ms202611e', 'ed25519-sha256');
const dns = publish([rsa, ed25519]);

function signed(outcome: DkimSignOutcome): Extract<DkimSignOutcome, { kind: 'signed' }> {
  assert.equal(outcome.kind, 'signed', JSON.stringify(outcome));
  return outcome as Extract<DkimSignOutcome, { kind: 'signed' }>;
}

async function verify(bytes: Buffer, zone: TestDns = dns): Promise<DKIMResult> {
  const result = await dkimVerify(bytes, { resolver: mailauthResolver(zone), curTime: new Date(NOW + 60_000) });
  assert.equal(result.results.length, 1);
  return result.results[0]!;
}

/** Signs `bytes` and returns the message as sent: the signature header, then the message. */
async function signAndPrepend(bytes: Buffer, keys = new FakeKeySource([rsa, ed25519])): Promise<{ sent: Buffer; header: string }> {
  const outcome = signed(await createDkimSigner({ keys, now: () => NOW }).sign(bytes));
  return { sent: Buffer.concat([Buffer.from(outcome.header), bytes]), header: outcome.header };
}

describe('DKIM signing', () => {
  test('signs with an RSA-2048 key, relaxed/relaxed, and mailauth verifies it as pass', async () => {
    const bytes = message(HEADERS);
    const outcome = signed(await createDkimSigner({ keys: new FakeKeySource([rsa]), now: () => NOW }).sign(bytes));
    assert.deepEqual({ ...outcome, header: undefined }, {
      kind: 'signed',
      header: undefined,
      domain: 'example.org',
      selector: 'ms202611',
      algorithm: 'rsa-sha256',
      aligned: true,
    });
    assert.match(outcome.header, /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.org;/);
    assert.match(outcome.header, /\r\n$/);
    assert.match(outcome.header, new RegExp(`t=${NOW / 1000};`));
    const result = await verify(Buffer.concat([Buffer.from(outcome.header), bytes]));
    assert.equal(result.status.result, 'pass', result.info);
    assert.equal(result.signingDomain, 'example.org');
    assert.equal(result.selector, 'ms202611');
    assert.equal(result.algo, 'rsa-sha256');
    assert.equal(result.format, 'relaxed/relaxed');
    assert.equal(result.modulusLength, 2048);
  });

  test('signs with an Ed25519 key (RFC 8463) and mailauth verifies it as pass', async () => {
    const bytes = message(['From: Carol <carol@example.net>', ...HEADERS.slice(1)]);
    const { sent, header } = await signAndPrepend(bytes);
    assert.match(header, /a=ed25519-sha256;/);
    const result = await verify(sent);
    assert.equal(result.status.result, 'pass', result.info);
    assert.equal(result.signingDomain, 'example.net');
    assert.equal(result.algo, 'ed25519-sha256');
  });

  test('signs the recommended fields that are present and over-signs From, Reply-To, Subject, To and Cc', async () => {
    const bytes = message([...HEADERS, 'Cc: dave@remote.test', 'X-Mailer: test', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'List-Unsubscribe: <https://example.org/u>']);
    const { sent, header } = await signAndPrepend(bytes);
    const result = await verify(sent);
    assert.equal(result.status.result, 'pass', result.info);
    const h = /[\s;]h=([^;]*);/.exec(header.replace(/\r\n[ \t]/g, ' '))?.[1] ?? '';
    const names = h.split(/\s*:\s*/).map((name) => name.trim().toLowerCase());
    const count = (name: string) => names.filter((n) => n === name).length;
    for (const name of ['from', 'to', 'subject', 'cc']) assert.equal(count(name), 2, `${name} in ${names.join(':')}`);
    for (const name of ['date', 'message-id', 'mime-version', 'content-type']) assert.equal(count(name), 2, `${name} over-signed when present`);
    assert.equal(count('reply-to'), 1, 'Reply-To over-signed though absent');
    assert.equal(count('sender'), 0, 'Sender is over-signed only when present');
    assert.equal(count('list-unsubscribe-post'), 1, 'RFC 8058 §4');
    assert.equal(count('list-unsubscribe'), 1);
    assert.equal(count('x-mailer'), 0);
  });

  test('a changed body fails verification', async () => {
    for (const key of [rsa, ed25519]) {
      const bytes = message([`From: someone@${key.domain}`, ...HEADERS.slice(1)]);
      const { sent } = await signAndPrepend(bytes);
      const tampered = Buffer.from(sent.toString('latin1').replace('a short note.', 'a short notE.'), 'latin1');
      const result = await verify(tampered);
      assert.equal(result.status.result, 'neutral', `${key.algorithm}: ${result.info}`);
      assert.match(result.status.comment ?? '', /body hash did not verify/);
    }
  });

  test('a changed signed header field fails verification', async () => {
    const { sent } = await signAndPrepend(message(HEADERS));
    const result = await verify(Buffer.from(sent.toString('latin1').replace('Lunch on Friday', 'Lunch on Monday'), 'latin1'));
    assert.equal(result.status.result, 'fail', result.info);
  });

  test('relaxed canonicalisation survives refolding, case and whitespace changes in headers and trailing whitespace in the body', async () => {
    const { sent } = await signAndPrepend(message(HEADERS, ['Hello,', '', 'a short note.', '', '']));
    const rewritten = sent
      .toString('latin1')
      .replace('Subject: Lunch on Friday', 'SUBJECT:   Lunch \t on\r\n\tFriday  ')
      .replace('To: Bob <bob@remote.test>', 'to:Bob    <bob@remote.test>')
      .replace('a short note.', 'a  short note.   ')
      .replace(/\r\n\r\n\r\n$/, '\r\n');
    const result = await verify(Buffer.from(rewritten, 'latin1'));
    assert.equal(result.status.result, 'pass', result.info);
  });

  test('header fields added on the way that are not signed (Received, X-*) keep it valid', async () => {
    const { sent } = await signAndPrepend(message(HEADERS));
    const relayed = Buffer.concat([Buffer.from('Received: from mx.example.org by mx.remote.test; Mon, 02 Nov 2026 10:00:01 +0000\r\nX-Spam-Score: 0\r\n'), sent]);
    assert.equal((await verify(relayed)).status.result, 'pass');
  });

  test('over-signing: a second From, Subject or Cc added later fails verification', async () => {
    const { sent } = await signAndPrepend(message(HEADERS));
    const text = sent.toString('latin1');
    const bodyStart = text.indexOf('\r\n\r\n') + 2;
    for (const added of ['From: Mallory <ceo@example.org>', 'Subject: urgent: wire the money', 'Cc: mallory@evil.test']) {
      const top = Buffer.from(`${added}\r\n${text}`, 'latin1');
      assert.equal((await verify(top)).status.result, 'fail', `${added} on top`);
      const bottom = Buffer.from(`${text.slice(0, bodyStart)}${added}\r\n${text.slice(bodyStart)}`, 'latin1');
      assert.equal((await verify(bottom)).status.result, 'fail', `${added} at the bottom`);
    }
  });

  test('a Readable message, arriving in small chunks, is signed the same way as a Buffer', async () => {
    const bytes = message(HEADERS, Array.from({ length: 500 }, (_, i) => `line ${i} of a longer body`));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const signer = createDkimSigner({ keys: new FakeKeySource([rsa]), now: () => NOW });
    const fromStream = signed(await signer.sign(Readable.from(chunks)));
    const fromBuffer = signed(await signer.sign(bytes));
    assert.equal(fromStream.header, fromBuffer.header, 'RSA PKCS#1 v1.5 signatures are deterministic');
    assert.equal((await verify(Buffer.concat([Buffer.from(fromStream.header), bytes]))).status.result, 'pass');
  });

  test('a Readable message that is not signed is read only up to its body and then destroyed', async () => {
    let served = 0;
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from('From: someone@elsewhere.test\r\nSubject: x\r\n\r\n');
      for (; served < 1000; served++) yield Buffer.from('body line\r\n');
    }
    const stream = Readable.from(body());
    const outcome = await createDkimSigner({ keys: new FakeKeySource([rsa]) }).sign(stream);
    assert.deepEqual(outcome, { kind: 'unsigned', reason: 'no-key' });
    assert.equal(stream.destroyed, true);
    assert.ok(served < 1000, `read ${served} body lines`);
  });
});

describe('DKIM signing domain', () => {
  const sign = (keys: FakeKeySource, headers: readonly string[], envelopeSender?: string) =>
    createDkimSigner({ keys, now: () => NOW }).sign(message(headers), envelopeSender === undefined ? {} : { envelopeSender });

  test('a From: address in a subdomain is signed with the key of its parent domain (aligned in relaxed mode)', async () => {
    const keys = new FakeKeySource([rsa]);
    const outcome = signed(await sign(keys, ['From: News <news@Lists.Example.ORG>', ...HEADERS.slice(1)]));
    assert.equal(outcome.domain, 'example.org');
    assert.equal(outcome.aligned, true);
    assert.deepEqual(keys.lookups, ['lists.example.org', 'example.org']);
  });

  test("the envelope sender's domain signs (not aligned) when the From: domain has no key", async () => {
    const keys = new FakeKeySource([rsa]);
    const outcome = signed(await sign(keys, ['From: someone@partner.test', ...HEADERS.slice(1)], 'bounces@example.org'));
    assert.equal(outcome.domain, 'example.org');
    assert.equal(outcome.aligned, false);
    const sent = Buffer.concat([Buffer.from(outcome.header), message(['From: someone@partner.test', ...HEADERS.slice(1)])]);
    assert.equal((await verify(sent)).status.result, 'pass');
  });

  test('no key for the From: or envelope domain means no signature; no From: address means none either', async () => {
    const keys = new FakeKeySource([rsa]);
    assert.deepEqual(await sign(keys, ['From: someone@partner.test', ...HEADERS.slice(1)], 'someone@partner.test'), { kind: 'unsigned', reason: 'no-key' });
    assert.deepEqual(await sign(keys, ['From: someone@partner.test', ...HEADERS.slice(1)], ''), { kind: 'unsigned', reason: 'no-key' });
    assert.deepEqual(await sign(keys, HEADERS.slice(1), 'alice@example.org'), { kind: 'unsigned', reason: 'no-from' });
    assert.deepEqual(await sign(keys, ['From: undisclosed-recipients:;', ...HEADERS.slice(1)], 'alice@example.org'), { kind: 'unsigned', reason: 'no-from' });
  });

  test('an internationalised From: domain in A-labels finds the key stored under its U-labels, and d= is in A-labels', async () => {
    const idn = await testKey('bücher.example', 's1', 'ed25519-sha256');
    const keys = new FakeKeySource([idn]);
    const bytes = message(['From: info@xn--bcher-kva.example', ...HEADERS.slice(1)]);
    const outcome = signed(await createDkimSigner({ keys, now: () => NOW }).sign(bytes));
    assert.equal(outcome.domain, 'bücher.example');
    assert.match(outcome.header, /d=xn--bcher-kva\.example;/);
    assert.equal((await verify(Buffer.concat([Buffer.from(outcome.header), bytes]), publish([idn]))).status.result, 'pass');
  });

  test('a From: address with a domain literal or no domain is not signed', async () => {
    const keys = new FakeKeySource([rsa]);
    assert.deepEqual(await sign(keys, ['From: someone@[192.0.2.1]', ...HEADERS.slice(1)], 'alice@example.org'), { kind: 'unsigned', reason: 'no-from' });
    assert.deepEqual(await sign(keys, ['From: someone', ...HEADERS.slice(1)], 'alice@example.org'), { kind: 'unsigned', reason: 'no-from' });
  });

  test('keys are looked up for every message: a key change applies to the next one', async () => {
    const keys = new FakeKeySource([rsa]);
    assert.equal(signed(await sign(keys, HEADERS)).selector, 'ms202611');
    const rotated = { ...ed25519, domain: 'example.org', selector: 'ms202612' };
    keys.active.set('example.org', rotated);
    const outcome = signed(await sign(keys, HEADERS));
    assert.equal(outcome.selector, 'ms202612');
    assert.equal(outcome.algorithm, 'ed25519-sha256');
    keys.active.delete('example.org');
    assert.deepEqual(await sign(keys, HEADERS), { kind: 'unsigned', reason: 'no-key' });
    assert.deepEqual(keys.lookups, ['example.org', 'example.org', 'example.org']);
  });

  test('a key mailauth cannot use is an error, not an unsigned message', async () => {
    const keys = new FakeKeySource([{ ...rsa, privateKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }]);
    await assert.rejects(sign(keys, HEADERS), /DKIM signing as ms202611\._domainkey\.example\.org failed/);
  });
});
