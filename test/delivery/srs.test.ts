import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createSrs, isSrsAddress } from '../../src/delivery/srs.ts';

const DAY = 86_400_000;
/** 2020-01-01 00:01:00 UTC: the instant postsrsd's own test suite uses. */
const REFERENCE_TIME = new Date(1_577_836_860_000);

function fixedClock(date: Date): () => Date {
  return () => date;
}

/** The SRS hash computed here independently: base64(HMAC-SHA1(secret, lowercased fields)), 4 chars. */
function expectedHash(secret: string, fields: readonly string[]): string {
  const hmac = createHmac('sha1', secret);
  for (const field of fields) hmac.update(field.toLowerCase());
  return hmac.digest('base64').slice(0, 4);
}

/** The SRS timestamp computed independently: day number mod 1024 in base32 (A–Z, 2–7), two chars. */
function expectedStamp(date: Date): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const day = Math.floor(date.getTime() / DAY) % 1024;
  return `${alphabet[Math.floor(day / 32)]}${alphabet[day % 32]}`;
}

test('rewrites a sender into SRS0 with an HMAC-SHA1 hash and a base32 day stamp', () => {
  const now = new Date('2024-03-05T12:00:00Z');
  const srs = createSrs({ secrets: ['s3cret'], clock: fixedClock(now) });
  const stamp = expectedStamp(now);
  const hash = expectedHash('s3cret', [stamp, 'example.org', 'Ann.Smith']);
  assert.equal(srs.forward('Ann.Smith@example.org', 'forwarder.test'), `SRS0=${hash}=${stamp}=example.org=Ann.Smith@forwarder.test`);
});

test('matches the reference implementation (libsrs2 as used by postsrsd) on its published vectors', () => {
  const srs = createSrs({ secrets: ['tops3cr3t'], clock: fixedClock(REFERENCE_TIME) });
  assert.equal(srs.forward('test@otherdomain.com', 'example.com'), 'SRS0=vmyz=2W=otherdomain.com=test@example.com');
  assert.equal(srs.forward('SRS0=opaque+string@otherdomain.com', 'example.com'), 'SRS1=chaI=otherdomain.com==opaque+string@example.com');
  assert.equal(
    srs.forward('SRS1=X=thirddomain.com==opaque+string@otherdomain.com', 'example.com'),
    'SRS1=JIBX=thirddomain.com==opaque+string@example.com',
  );
  assert.deepEqual(srs.reverse('SRS0=XjO9=2V=otherdomain.com=test@example.com'), { ok: true, address: 'test@otherdomain.com' });
  assert.deepEqual(srs.reverse('SRS1=JIBX=thirddomain.com==opaque+string@example.com'), {
    ok: true,
    address: 'SRS0=opaque+string@thirddomain.com',
  });
  const longDomain = `${'a'.repeat(478)}.net`;
  assert.deepEqual(srs.reverse(`SRS0=iCvJ=2W=${longDomain}=test@example.com`), { ok: true, address: `test@${longDomain}` });
});

test('round-trips a sender through forward and reverse', () => {
  const srs = createSrs({ secrets: ['s3cret'], clock: fixedClock(new Date('2024-03-05T12:00:00Z')) });
  for (const sender of ['ann@example.org', 'a=b+c@example.org', 'Bob.Jones@Sub.Example.ORG', 'jörg@bücher.example']) {
    const rewritten = srs.forward(sender, 'forwarder.test');
    assert.ok(rewritten.endsWith('@forwarder.test'), rewritten);
    assert.deepEqual(srs.reverse(rewritten), { ok: true, address: sender });
  }
});

test('rewrites an SRS0 address from another forwarder into SRS1 pointing at that forwarder', () => {
  const now = new Date('2024-03-05T12:00:00Z');
  const first = createSrs({ secrets: ['first-secret'], clock: fixedClock(now) });
  const second = createSrs({ secrets: ['second-secret'], clock: fixedClock(now) });
  const srs0 = first.forward('ann@example.org', 'first.test');
  const local0 = srs0.slice(0, srs0.lastIndexOf('@'));
  const srs1 = second.forward(srs0, 'second.test');
  const tail = local0.slice(4);
  assert.equal(srs1, `SRS1=${expectedHash('second-secret', ['first.test', tail])}=first.test=${tail}@second.test`);
  assert.match(srs1, /^SRS1=[^=]{4}=first\.test==/);

  // A bounce to the SRS1 address goes back to the first forwarder, which reverses its own SRS0.
  const back = second.reverse(srs1);
  assert.deepEqual(back, { ok: true, address: srs0 });
  assert.deepEqual(first.reverse(srs0), { ok: true, address: 'ann@example.org' });
});

test('re-forwarding an SRS1 address keeps the first forwarder and signs it again', () => {
  const now = new Date('2024-03-05T12:00:00Z');
  const second = createSrs({ secrets: ['second-secret'], clock: fixedClock(now) });
  const third = createSrs({ secrets: ['third-secret'], clock: fixedClock(now) });
  const srs1 = second.forward('SRS0=abcd=AB=example.org=ann@first.test', 'second.test');
  const srs1Again = third.forward(srs1, 'third.test');
  assert.match(srs1Again, /^SRS1=[^=]{4}=first\.test==abcd=AB=example\.org=ann@third\.test$/);
  assert.deepEqual(third.reverse(srs1Again), { ok: true, address: 'SRS0=abcd=AB=example.org=ann@first.test' });
});

test('rejects an address whose hash does not verify', () => {
  const srs = createSrs({ secrets: ['s3cret'], clock: fixedClock(REFERENCE_TIME) });
  const other = createSrs({ secrets: ['another'], clock: fixedClock(REFERENCE_TIME) });
  assert.deepEqual(srs.reverse('SRS0=FAKE=2V=otherdomain.com=test@example.com'), { ok: false, failure: 'bad-hash' });
  assert.deepEqual(srs.reverse(other.forward('ann@example.org', 'forwarder.test')), { ok: false, failure: 'bad-hash' });
  const good = srs.forward('ann@example.org', 'forwarder.test');
  assert.deepEqual(srs.reverse(good.replace('=ann@', '=eve@')), { ok: false, failure: 'bad-hash' });
  assert.deepEqual(srs.reverse(good.replace('example.org', 'evil.example')), { ok: false, failure: 'bad-hash' });
  assert.deepEqual(srs.reverse('SRS1=AAAA=first.test==x=y@example.com'), { ok: false, failure: 'bad-hash' });
});

test('accepts an address up to the maximum age and rejects it after', () => {
  const sent = new Date('2024-03-05T12:00:00Z');
  let now = sent;
  const srs = createSrs({ secrets: ['s3cret'], clock: () => now });
  const address = srs.forward('ann@example.org', 'forwarder.test');
  now = new Date(sent.getTime() + 21 * DAY);
  assert.deepEqual(srs.reverse(address), { ok: true, address: 'ann@example.org' });
  now = new Date(sent.getTime() + 22 * DAY);
  assert.deepEqual(srs.reverse(address), { ok: false, failure: 'expired' });
});

test('uses the configured maximum age', () => {
  const sent = new Date('2024-03-05T12:00:00Z');
  let now = sent;
  const srs = createSrs({ secrets: ['s3cret'], clock: () => now, maxAgeDays: 3 });
  const address = srs.forward('ann@example.org', 'forwarder.test');
  now = new Date(sent.getTime() + 3 * DAY);
  assert.equal(srs.reverse(address).ok, true);
  now = new Date(sent.getTime() + 4 * DAY);
  assert.deepEqual(srs.reverse(address), { ok: false, failure: 'expired' });
});

test('treats a timestamp from the future as expired, as libsrs2 does', () => {
  const srs = createSrs({ secrets: ['tops3cr3t'], clock: fixedClock(REFERENCE_TIME) });
  assert.deepEqual(srs.reverse('SRS0=te87=T7=otherdomain.com=test@example.com'), { ok: false, failure: 'expired' });
  assert.deepEqual(srs.reverse('SRS0=VcIb=7N=otherdomain.com=test@example.com'), { ok: false, failure: 'expired' });
});

test('accepts an address whose case an MTA folded', () => {
  const srs = createSrs({ secrets: ['tops3cr3t'], clock: fixedClock(REFERENCE_TIME) });
  assert.deepEqual(srs.reverse('srs0=xjo9=2v=otherdomain.com=test@example.com'), { ok: true, address: 'test@otherdomain.com' });
  assert.deepEqual(srs.reverse('SRS0=XJO9=2V=OTHERDOMAIN.COM=TEST@EXAMPLE.COM'), { ok: true, address: 'TEST@OTHERDOMAIN.COM' });
  const mine = createSrs({ secrets: ['s3cret'], clock: fixedClock(new Date('2024-03-05T12:00:00Z')) });
  const address = mine.forward('Ann@Example.org', 'forwarder.test');
  assert.deepEqual(mine.reverse(address.toLowerCase()), { ok: true, address: 'ann@example.org' });
  assert.deepEqual(mine.reverse(address.toUpperCase()), { ok: true, address: 'ANN@EXAMPLE.ORG' });
});

test('verifies with every secret and signs with the first, for key rotation', () => {
  const now = fixedClock(new Date('2024-03-05T12:00:00Z'));
  const old = createSrs({ secrets: ['old-secret'], clock: now });
  const rotated = createSrs({ secrets: ['new-secret', 'old-secret'], clock: now });
  const fromOld = old.forward('ann@example.org', 'forwarder.test');
  assert.deepEqual(rotated.reverse(fromOld), { ok: true, address: 'ann@example.org' });
  const fromNew = rotated.forward('ann@example.org', 'forwarder.test');
  assert.notEqual(fromNew, fromOld);
  const stamp = expectedStamp(now());
  assert.equal(fromNew, `SRS0=${expectedHash('new-secret', [stamp, 'example.org', 'ann'])}=${stamp}=example.org=ann@forwarder.test`);
  assert.deepEqual(old.reverse(fromNew), { ok: false, failure: 'bad-hash' });
  const retired = createSrs({ secrets: ['new-secret'], clock: now });
  assert.deepEqual(retired.reverse(fromOld), { ok: false, failure: 'bad-hash' });
});

test('never rewrites the null sender, an address without a domain, or one in our own domain', () => {
  const srs = createSrs({ secrets: ['s3cret'], clock: fixedClock(REFERENCE_TIME) });
  assert.equal(srs.forward('', 'forwarder.test'), '');
  assert.equal(srs.forward('<>', 'forwarder.test'), '<>');
  assert.equal(srs.forward('postmaster', 'forwarder.test'), 'postmaster');
  assert.equal(srs.forward('ann@Forwarder.TEST', 'forwarder.test'), 'ann@Forwarder.TEST');
  assert.equal(srs.forward('SRS0=XjO9=2V=otherdomain.com=test@example.com', 'example.com'), 'SRS0=XjO9=2V=otherdomain.com=test@example.com');
});

test('tells an address that is not SRS from a malformed one', () => {
  const srs = createSrs({ secrets: ['tops3cr3t'], clock: fixedClock(REFERENCE_TIME) });
  assert.deepEqual(srs.reverse('test@example.com'), { ok: false, failure: 'not-srs' });
  assert.deepEqual(srs.reverse(''), { ok: false, failure: 'not-srs' });
  assert.deepEqual(srs.reverse('SRS2=abcd=AB=x=y@example.com'), { ok: false, failure: 'not-srs' });
  for (const malformed of [
    'SRS0=@example.com',
    'SRS0=XjO9@example.com',
    'SRS0=XjO9=2V@example.com',
    'SRS0=XjO9=2V=otherdomain.com@example.com',
    'SRS0=XjO9=2V1=otherdomain.com=test@example.com',
    'SRS0=XjO9=2!=otherdomain.com=test@example.com',
    'SRS1=abcd@example.com',
    'SRS1=abcd=host@example.com',
  ]) {
    assert.deepEqual(srs.reverse(malformed), { ok: false, failure: 'malformed' }, malformed);
  }
  assert.equal(isSrsAddress('SRS0=XjO9=2V=otherdomain.com=test@example.com'), true);
  assert.equal(isSrsAddress('srs1+x@example.com'), true);
  assert.equal(isSrsAddress('srsfan@example.com'), false);
});

test('quotes the rewritten local part when the original needs quotes', () => {
  const srs = createSrs({ secrets: ['s3cret'], clock: fixedClock(new Date('2024-03-05T12:00:00Z')) });
  const rewritten = srs.forward('"ann smith"@example.org', 'forwarder.test');
  assert.match(rewritten, /^"SRS0=[^=]{4}=[A-Z2-7]{2}=example\.org=ann smith"@forwarder\.test$/);
  assert.deepEqual(srs.reverse(rewritten), { ok: true, address: '"ann smith"@example.org' });
});

test('refuses to start without a secret or with an impossible maximum age', () => {
  assert.throws(() => createSrs({ secrets: [], clock: fixedClock(REFERENCE_TIME) }), /secret/);
  assert.throws(() => createSrs({ secrets: [''], clock: fixedClock(REFERENCE_TIME) }), /secret/);
  assert.throws(() => createSrs({ secrets: ['x'], clock: fixedClock(REFERENCE_TIME), maxAgeDays: 1024 }), /maxAgeDays/);
  assert.throws(() => createSrs({ secrets: ['x'], clock: fixedClock(REFERENCE_TIME), maxAgeDays: 0 }), /maxAgeDays/);
});
