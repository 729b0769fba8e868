// The envelope of a local submission (pickup folder, sendmail) from its header section: the sender
// order, recipients from To/Cc/Bcc or the topmost Resent block, groups, duplicates, bare names, the
// IIS/.NET X-Sender/X-Receiver fields; and the strict header section reader under it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readHeaderSection, type RawHeaderField } from '../../src/smtp/local/header-section.ts';
import { primaryLocalDomain } from '../../src/delivery/index.ts';
import { localEnvelope, type EnvelopeRules } from '../../src/smtp/local/local-envelope.ts';
import { messageInput } from '../../src/smtp/local/message-input.ts';

const PICKUP: EnvelopeRules = { recipients: [], recipientsFromHeaders: true, envelopeFields: true, localDomain: 'example.test' };

async function* chunks(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8');
}

async function headerOf(text: string, maxHeaderSize = 4096) {
  return readHeaderSection(messageInput(chunks(text), { dotTerminates: false }), maxHeaderSize);
}

async function fields(lines: string[]): Promise<RawHeaderField[]> {
  const read = await headerOf(`${lines.join('\n')}\n\nbody\n`);
  assert.equal(read.kind, 'ok');
  return read.kind === 'ok' ? read.fields : [];
}

async function envelopeOf(lines: string[], rules: Partial<EnvelopeRules> = {}) {
  const result = localEnvelope(await fields(lines), { ...PICKUP, ...rules });
  if (!result.ok) return assert.fail(result.reason);
  const { sender, recipients, unusable, dropped } = result.envelope;
  return { sender, recipients, unusable, dropped: [...dropped].map((f) => f.name) };
}

/** Why the envelope cannot be made. */
async function refusalOf(lines: string[], rules: Partial<EnvelopeRules> = {}): Promise<string> {
  const result = localEnvelope(await fields(lines), { ...PICKUP, ...rules });
  return result.ok ? assert.fail('expected a refusal') : result.reason;
}

test('takes the sender from Return-Path before From and Sender, and <> as the null sender', async () => {
  const base = ['From: Ann <ann@example.test>', 'Sender: sec@example.test', 'To: bob@example.test'];
  assert.equal((await envelopeOf(['Return-Path: <bounce@example.test>', ...base])).sender, 'bounce@example.test');
  assert.equal((await envelopeOf(['Return-Path: <>', ...base])).sender, '');
  assert.equal((await envelopeOf(base)).sender, 'ann@example.test');
  assert.equal((await envelopeOf(['Sender: sec@example.test', 'To: bob@example.test'])).sender, 'sec@example.test');
  assert.equal((await envelopeOf(['From: Ann <ann@example.test>, Bob <bob@example.test>', 'To: x@example.test'])).sender, 'ann@example.test');
});

test('an explicit sender (sendmail -f) wins, and -f <> is the null sender', async () => {
  const lines = ['Return-Path: <bounce@example.test>', 'From: ann@example.test', 'To: bob@example.test'];
  assert.equal((await envelopeOf(lines, { sender: 'cron@example.test' })).sender, 'cron@example.test');
  assert.equal((await envelopeOf(lines, { sender: '<>' })).sender, '');
  assert.equal((await envelopeOf(lines, { sender: '' })).sender, '');
  assert.equal((await envelopeOf(lines, { sender: 'root' })).sender, 'root@example.test');
});

test('takes every To, Cc and Bcc address once, group members included', async () => {
  const result = await envelopeOf([
    'From: ann@example.test',
    'To: Bob <bob@example.test>, "Cid, C." <cid@example.test>',
    'Cc: team: dan@example.test, Eve <eve@remote.example>;, BOB@example.test',
    'Bcc: hidden@remote.example',
    'To: undisclosed-recipients:;',
  ]);
  assert.deepEqual(result.recipients, ['bob@example.test', 'cid@example.test', 'dan@example.test', 'eve@remote.example', 'hidden@remote.example']);
});

test('appends the primary local domain to bare names, as cron mails root', async () => {
  const result = await envelopeOf(['From: root (Cron Daemon)', 'To: root, ops@remote.example']);
  assert.equal(result.sender, 'root@example.test');
  assert.deepEqual(result.recipients, ['root@example.test', 'ops@remote.example']);
});

test('without a local domain a bare name is unusable and reported', async () => {
  const result = await envelopeOf(['From: ann@example.test', 'To: root, bob@example.test'], { localDomain: null });
  assert.deepEqual(result.recipients, ['bob@example.test']);
  assert.deepEqual(result.unusable, [{ address: 'root', reason: 'no domain, and no local domain to append' }]);
  assert.equal(await refusalOf(['From: ann@example.test', 'To: root'], { localDomain: null }), 'no usable recipient: root: no domain, and no local domain to append');
});

test('uses the topmost Resent block instead of the original recipients (RFC 5322 §3.6.6)', async () => {
  const result = await envelopeOf([
    'Resent-Date: Mon, 6 Jan 2025 10:00:00 +0000',
    'Resent-From: Carl <carl@example.test>',
    'Resent-To: dan@example.test',
    'Resent-Bcc: eve@example.test',
    'Resent-Date: Sun, 5 Jan 2025 10:00:00 +0000',
    'Resent-From: old@example.test',
    'Resent-To: earlier@example.test',
    'From: ann@example.test',
    'To: bob@example.test',
  ]);
  assert.equal(result.sender, 'carl@example.test');
  assert.deepEqual(result.recipients, ['dan@example.test', 'eve@example.test']);
  assert.deepEqual(result.dropped, ['Resent-Bcc']);
  const withSender = await envelopeOf(['Resent-From: carl@example.test', 'Resent-Sender: sec@example.test', 'Resent-To: dan@example.test', 'From: ann@example.test']);
  assert.equal(withSender.sender, 'sec@example.test');
});

test('removes Return-Path from the stored message', async () => {
  const result = await envelopeOf(['Return-Path: <b@example.test>', 'From: ann@example.test', 'To: bob@example.test']);
  assert.deepEqual(result.dropped, ['Return-Path']);
});

test('leading X-Sender and X-Receiver (IIS, .NET pickup files) set the envelope and are removed', async () => {
  const lines = ['X-Sender: app@example.test', 'X-Receiver: bob@example.test', 'X-Receiver: <hidden@remote.example>', 'From: Ann <ann@example.test>', 'To: bob@example.test, cid@example.test'];
  const result = await envelopeOf(lines);
  assert.equal(result.sender, 'app@example.test');
  assert.deepEqual(result.recipients, ['bob@example.test', 'hidden@remote.example']);
  assert.deepEqual(result.dropped, ['X-Sender', 'X-Receiver', 'X-Receiver']);
  // Further down they are ordinary fields (Eudora's X-Sender, for one).
  const later = await envelopeOf(['From: ann@example.test', 'X-Sender: app@example.test', 'To: bob@example.test']);
  assert.equal(later.sender, 'ann@example.test');
  assert.deepEqual(later.dropped, []);
  // sendmail does not read them.
  assert.equal((await envelopeOf(lines, { envelopeFields: false })).sender, 'ann@example.test');
});

test('command-line recipients come first, and header recipients only with -t', async () => {
  const lines = ['From: ann@example.test', 'To: bob@example.test'];
  const plain = await envelopeOf(lines, { recipients: ['cid@example.test, root'], recipientsFromHeaders: false, envelopeFields: false });
  assert.deepEqual(plain.recipients, ['cid@example.test', 'root@example.test']);
  const extract = await envelopeOf(lines, { recipients: ['cid@example.test', 'bob@example.test'], envelopeFields: false });
  assert.deepEqual(extract.recipients, ['cid@example.test', 'bob@example.test']);
});

test('says why when there is no sender or no recipient', async () => {
  assert.equal(await refusalOf(['To: bob@example.test', 'Subject: x']), 'no sender: the message has no Return-Path, From or Sender address');
  assert.equal(await refusalOf(['From: ann@example.test', 'Subject: x']), 'no recipients: the message has no To, Cc or Bcc address');
  assert.equal(await refusalOf(['From: ann@example.test'], { sender: '@example.test', recipients: ['b@example.test'] }), 'the sender "@example.test" is not usable: no local part');
  assert.equal(await refusalOf(['From: ann@example.test'], { sender: ',', recipients: ['b@example.test'] }), 'the sender "," is not usable: not an address');
});

test('primaryLocalDomain is the first domain created that is not a domain alias', () => {
  const domains = [
    { id: 3, name: 'a.example', aliasOf: null },
    { id: 1, name: 'z-alias.example', aliasOf: 'b.example' },
    { id: 2, name: 'b.example', aliasOf: null },
  ];
  assert.equal(primaryLocalDomain(domains), 'b.example');
  assert.equal(primaryLocalDomain([]), null);
});

test('the header section reader unfolds values, keeps raw fields and refuses what is not a header', async () => {
  const ok = await headerOf('Subject: a\n long\r\nTo: x@example.test\n\nbody');
  assert.equal(ok.kind, 'ok');
  if (ok.kind === 'ok') {
    assert.deepEqual(ok.fields.map((f) => [f.name, f.value, f.raw.toString()]), [
      ['Subject', 'a long', 'Subject: a\r\n long\r\n'],
      ['To', 'x@example.test', 'To: x@example.test\r\n'],
    ]);
    assert.equal(ok.size, 39);
    assert.equal(ok.rest.toString(), '\r\nbody', 'what came with the empty line');
  }
  assert.deepEqual(await headerOf('From ann@example.test Mon Jan  6 10:00:00 2025\nTo: x\n\n'), {
    kind: 'malformed',
    reason: 'line 1 is not a header field ("name: value"): "From ann@example.test Mon Jan  6 10:00:00 2025"',
  });
  assert.deepEqual(await headerOf(' folded\nTo: x\n\n'), { kind: 'malformed', reason: 'line 1 continues a header field, but no field comes before it' });
  assert.deepEqual(await headerOf(`Subject: ${'x'.repeat(200)}\n\n`, 100), { kind: 'too-large' });
  const bodyless = await headerOf('To: x@example.test');
  assert.equal(bodyless.kind === 'ok' && bodyless.fields[0]?.raw.toString(), 'To: x@example.test\r\n');
});
