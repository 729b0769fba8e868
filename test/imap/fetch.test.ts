import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { analyse } from '../mime/analyse.ts';
import { findPart, resolveSection } from '../../src/imap/fetch/section.ts';
import { filterHeaderFields } from '../../src/imap/fetch/header-fields.ts';
import { startMailboxServer, message, PASSWORD, USER, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

const FIXTURES = new URL('../fixtures/mime/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'latin1');
const MIXED = fixture('mixed-attachment.eml');
const FORWARD = fixture('message-rfc822.eml');
/** A literal as the server sends it: `{n}` CRLF and the octets. */
const literal = (text: string): string => `{${Buffer.byteLength(text)}}\r\n${text}`;
const expected = (name: string): { bodystructure: string; envelope: string } => JSON.parse(fixture(name)) as { bodystructure: string; envelope: string };

function runPython(script: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script], { timeout: 10_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, stderr }));
  });
}

describe('body section resolution', () => {
  const structure = analyse(Buffer.from(FORWARD, 'latin1')).summary.structure;
  const text = (span: { start: number; end: number }, prefix = ''): string => (prefix + FORWARD).slice(span.start, span.end);

  test('numbers the parts of an encapsulated message after its message/rfc822 part', () => {
    assert.equal(findPart(structure, [2, 1])?.subtype, 'plain');
    assert.equal(findPart(structure, [2, 2])?.subtype, 'html');
    assert.equal(findPart(structure, [2, 3]), null);
    assert.equal(findPart(structure, [1, 1]), null);
  });

  test('resolves HEADER of an encapsulated message and TEXT of the top level to their octets', () => {
    const header = resolveSection(structure, 0, FORWARD.length, { part: [2], text: { kind: 'HEADER' } });
    assert.equal(header.kind, 'span');
    if (header.kind === 'span') assert.match(text(header.span), /^From: Orig Sender <orig@example.com>\r\n[\s\S]*boundary=inner\r\n\r\n$/);
    const body = resolveSection(structure, 0, FORWARD.length, { part: [2, 1], text: null });
    if (body.kind === 'span') assert.equal(text(body.span), 'Original text');
  });

  test('shifts every offset by the prefix and counts the prefix in the top-level header', () => {
    const prefix = 'Delivered-To: ann@example.test\r\n';
    const header = resolveSection(structure, prefix.length, prefix.length + FORWARD.length, { part: [], text: { kind: 'HEADER' } });
    if (header.kind === 'span') assert.ok(text(header.span, prefix).startsWith(`${prefix}From: fwd@example.net`));
    const part = resolveSection(structure, prefix.length, prefix.length + FORWARD.length, { part: [1], text: null });
    if (part.kind === 'span') assert.equal(text(part.span, prefix), 'Forwarding this.');
  });

  test('answers a part that does not exist, or HEADER of a non-message part, as missing', () => {
    assert.deepEqual(resolveSection(structure, 0, FORWARD.length, { part: [3], text: null }), { kind: 'missing' });
    assert.deepEqual(resolveSection(structure, 0, FORWARD.length, { part: [1], text: { kind: 'HEADER' } }), { kind: 'missing' });
  });

  test('filters header fields case-insensitively, keeping folded lines and the blank line after them', () => {
    const header = Buffer.from('Subject: a\r\n  folded\r\nFrom: x@y\r\nsubject: b\r\n\r\n');
    assert.equal(filterHeaderFields(header, ['SUBJECT'], false).toString(), 'Subject: a\r\n  folded\r\nsubject: b\r\n\r\n');
    assert.equal(filterHeaderFields(header, ['SUBJECT'], true).toString(), 'From: x@y\r\n\r\n');
  });
});

describe('FETCH over a session', () => {
  let server: MailboxServer;
  let client: ImapTestClient;
  before(async () => {
    server = await startMailboxServer();
    client = await server.login();
    for (const eml of [MIXED, FORWARD]) assert.equal((await client.command(['APPEND INBOX (\\Seen) "08-Jan-2025 13:00:00 +0000" ', { literal: eml }])).tagged.status, 'OK');
    await server.deliver(USER, message('Delivered', 'body text'));
    assert.equal((await client.command('SELECT INBOX')).tagged.status, 'OK');
  });
  after(() => server.stop());

  test('answers FLAGS, INTERNALDATE, RFC822.SIZE, UID and EMAILID from the entry', async () => {
    const result = await client.command('FETCH 1:2 (UID FLAGS INTERNALDATE RFC822.SIZE EMAILID THREADID)');
    assert.deepEqual(result.untagged, [
      '1 FETCH (UID 1 FLAGS (\\Seen \\Recent) INTERNALDATE "08-Jan-2025 13:00:00 +0000" RFC822.SIZE 949 EMAILID (E1) THREADID NIL)',
      '2 FETCH (UID 2 FLAGS (\\Seen \\Recent) INTERNALDATE "08-Jan-2025 13:00:00 +0000" RFC822.SIZE 724 EMAILID (E2) THREADID NIL)',
    ]);
    assert.equal(result.tagged.text, 'FETCH completed');
  });

  test('answers BODYSTRUCTURE and ENVELOPE from the stored summary', async () => {
    const result = await client.command('FETCH 1 (BODYSTRUCTURE ENVELOPE)');
    const { bodystructure, envelope } = expected('mixed-attachment.expected.json');
    assert.deepEqual(result.untagged, [`1 FETCH (BODYSTRUCTURE ${bodystructure} ENVELOPE ${envelope})`]);
  });

  test('serves BODY.PEEK[1.2], a partial and a part MIME header as literals', async () => {
    const result = await client.command('FETCH 1 (BODY.PEEK[1.2] BODY.PEEK[1.1]<4.8> BODY.PEEK[2.MIME])');
    assert.deepEqual(result.untagged, [
      `1 FETCH (BODY[1.2] {22}\r\n<p>See the report.</p> BODY[1.1]<4> {8}\r\nthe repo BODY[2.MIME] ${literal(MIXED.slice(MIXED.indexOf('Content-Type: application/pdf'), MIXED.indexOf('JVBERi0x')))})`,
    ]);
  });

  test('answers a partial past the end with an empty literal and a missing part with NIL', async () => {
    const result = await client.command('FETCH 1 (BODY.PEEK[1.1]<100.5> BODY.PEEK[7])');
    assert.deepEqual(result.untagged, ['1 FETCH (BODY[1.1]<100> {0}\r\n BODY[7] NIL)']);
  });

  test('filters HEADER.FIELDS and HEADER.FIELDS.NOT in message order', async () => {
    const result = await client.command('FETCH 1 (BODY.PEEK[HEADER.FIELDS (Subject CC)] BODY.PEEK[HEADER.FIELDS.NOT (Received Message-ID Date From To Cc Subject In-Reply-To)])');
    assert.deepEqual(result.untagged, [
      `1 FETCH (BODY[HEADER.FIELDS (SUBJECT CC)] ${literal('Cc: Dan <dan@example.org>, erin@example.org\r\nSubject: Report attached\r\n\r\n')}` +
        ` BODY[HEADER.FIELDS.NOT (RECEIVED MESSAGE-ID DATE FROM TO CC SUBJECT IN-REPLY-TO)] ${literal('MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n')})`,
    ]);
  });

  test('serves the header, text and parts of an encapsulated message/rfc822 part', async () => {
    const result = await client.command('FETCH 2 (BODY.PEEK[2.HEADER.FIELDS (SUBJECT)] BODY.PEEK[2.1] BODY.PEEK[2.2] RFC822.SIZE)');
    assert.deepEqual(result.untagged, ['2 FETCH (BODY[2.HEADER.FIELDS (SUBJECT)] {21}\r\nSubject: Original\r\n\r\n BODY[2.1] {13}\r\nOriginal text BODY[2.2] {15}\r\n<i>Original</i> RFC822.SIZE 724)']);
  });

  test('counts the delivery prefix in RFC822.SIZE and the top-level header, and serves BODY[1] after it', async () => {
    const result = await client.command('FETCH 3 (RFC822.SIZE BODY.PEEK[HEADER.FIELDS (DELIVERED-TO SUBJECT)] BODY.PEEK[1] BODY.PEEK[]<0.14>)');
    const size = Number(/RFC822.SIZE (\d+)/.exec(result.untagged[0]!)![1]);
    assert.deepEqual(result.untagged, [
      `3 FETCH (RFC822.SIZE ${size} BODY[HEADER.FIELDS (DELIVERED-TO SUBJECT)] {55}\r\nDelivered-To: user@example.test\r\nSubject: Delivered\r\n\r\n` +
        ' BODY[1] {13}\r\nbody text\r\n\r\n BODY[]<0> {14}\r\nReturn-Path: <)',
    ]);
    const whole = await client.command('FETCH 3 BODY.PEEK[]');
    assert.ok(whole.untagged[0]!.startsWith(`3 FETCH (BODY[] {${size}}\r\nReturn-Path: <sender@remote.test>\r\nDelivered-To: user@example.test\r\n`));
  });

  test('sets \\Seen on a non-PEEK body fetch and reports the new FLAGS once', async () => {
    const result = await client.command('FETCH 3 (BODY[TEXT])');
    assert.deepEqual(result.untagged, ['3 FETCH (BODY[TEXT] {13}\r\nbody text\r\n\r\n FLAGS (\\Seen \\Recent))']);
    assert.deepEqual((await client.command('NOOP')).untagged, []);
    assert.deepEqual((await client.command('FETCH 3 (RFC822.TEXT)')).untagged, ['3 FETCH (RFC822.TEXT {13}\r\nbody text\r\n\r\n)']);
  });

  test('adds UID to UID FETCH and answers RFC822.HEADER', async () => {
    const result = await client.command('UID FETCH 2 (RFC822.HEADER)');
    const header = FORWARD.slice(0, FORWARD.indexOf('\r\n\r\n') + 4);
    assert.deepEqual(result.untagged, [`2 FETCH (UID 2 RFC822.HEADER {${header.length}}\r\n${header})`]);
  });

  test('answers only messages changed since CHANGEDSINCE, with their MODSEQ', async () => {
    await client.command('STORE 2 +FLAGS.SILENT (\\Flagged)');
    const modseq = Number(/MODSEQ \((\d+)\)/.exec((await client.command('FETCH 2 (MODSEQ)')).untagged[0]!)![1]);
    const result = await client.command(`FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq - 1})`);
    assert.deepEqual(result.untagged, [`2 FETCH (FLAGS (\\Seen \\Flagged \\Recent) MODSEQ (${modseq}))`]);
  });

  test('does not set \\Seen in a mailbox opened with EXAMINE', async () => {
    await server.deliver(USER, message('Unread'));
    const reader = await server.login();
    await reader.command('EXAMINE INBOX');
    assert.deepEqual((await reader.command('FETCH 4 (BODY[TEXT])')).untagged, ['4 FETCH (BODY[TEXT] {9}\r\nhello\r\n\r\n)']);
    assert.deepEqual((await reader.command('FETCH 4 (FLAGS)')).untagged, ['4 FETCH (FLAGS (\\Recent))']);
  });

  test('lists FLAGS and UID of every message in one FETCH 1:*', async () => {
    const other = 'bulk@example.test';
    const bulk = await startMailboxServer([{ address: other }]);
    try {
      const writer = await bulk.login(other);
      await writer.command('SELECT INBOX');
      const eml = message('Bulk');
      for (let i = 0; i < 300; i++) writer.send(`P${i} APPEND INBOX {${eml.length}+}\r\n${eml}\r\n`);
      await writer.readTagged('P299', 20_000);
      await writer.command('NOOP');
      const started = Date.now();
      const result = await writer.command('FETCH 1:* (UID FLAGS)', { waitMs: 10_000 });
      assert.equal(result.untagged.length, 300);
      assert.equal(result.untagged[299], '300 FETCH (UID 300 FLAGS (\\Recent))');
      assert.ok(Date.now() - started < 1000, 'FETCH 1:* took too long');
    } finally {
      await bulk.stop();
    }
  });

  test("fetches and reads a message with Python's imaplib", async (t) => {
    const probe = spawnSync('python3', ['--version']);
    if (probe.error !== undefined) {
      if (process.env.CI === 'true') assert.fail('python3 is required in CI');
      t.skip('python3 is not installed');
      return;
    }
    const script = [
      'import imaplib, sys',
      `m = imaplib.IMAP4("127.0.0.1", ${server.imapPort})`,
      `m.login("${USER}", "${PASSWORD}")`,
      'm.select("INBOX")',
      'typ, data = m.search(None, "SUBJECT", "report")',
      'print(typ, data[0].decode())',
      'typ, data = m.fetch("1", "(BODY.PEEK[1.1])")',
      'print(typ, data[0][1].decode())',
      'typ, data = m.uid("SEARCH", "UNSEEN")',
      'print(typ, data[0].decode())',
      'm.logout()',
    ].join('\n');
    // The server runs in this process: the client must run asynchronously.
    const run = await runPython(script);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'OK 1\nOK See the report.\nOK 4\n');
  });
});
