import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import {
  buildDsn,
  dsnEnvelope,
  dsnKind,
  mayNotify,
  notifyWanted,
  DEFAULT_RETURNED_SIZE_LIMIT,
  type DeliveryStatusNotification,
  type DsnInput,
  type DsnRecipient,
} from '../../src/queue/dsn.ts';

const ARRIVAL = new Date('2024-01-02T10:00:00Z');
const NOW = new Date('2024-01-02T10:06:00Z');

const ORIGINAL_HEADER =
  'Received: from client.example.org (client.example.org [192.0.2.10])\r\n' +
  '\tby mx.example.test (Mailstead) with ESMTPS id 1-1; Tue, 2 Jan 2024 10:00:00 +0000\r\n' +
  'Message-ID: <original.1@example.org>\r\n' +
  'From: Ann <ann@example.org>\r\n' +
  'To: Bob <bob@example.net>\r\n' +
  'Subject: Lunch on Friday\r\n' +
  'Date: Tue, 2 Jan 2024 09:59:00 +0000\r\n' +
  'MIME-Version: 1.0\r\n' +
  'Content-Type: text/plain; charset=us-ascii\r\n';
const ORIGINAL_BODY = 'Shall we meet at noon?\r\n\r\n-- \r\nAnn\r\n';
const ORIGINAL = Buffer.from(`${ORIGINAL_HEADER}\r\n${ORIGINAL_BODY}`);

const BOUNCED: DsnRecipient = {
  finalRecipient: 'bob@example.net',
  originalRecipient: { type: 'rfc822', address: 'Bob@example.net' },
  action: 'failed',
  status: '5.1.1',
  remoteMta: 'mx.example.net',
  diagnostic: {
    type: 'smtp',
    text: [
      '550-5.1.1 The email account that you tried to reach does not exist. Please try',
      "550-5.1.1 double-checking the recipient's email address for typos or",
      '550 5.1.1 unnecessary spaces.',
    ],
  },
  lastAttemptDate: new Date('2024-01-02T10:05:00Z'),
};

function counter(): (size: number) => Buffer {
  let next = 0;
  return (size) => Buffer.alloc(size, ++next);
}

function input(overrides: Partial<DsnInput> = {}): DsnInput {
  return {
    reportingMta: 'mx.example.test',
    sender: 'ann@example.org',
    envelopeId: 'QQ314159',
    arrivalDate: ARRIVAL,
    recipients: [BOUNCED],
    original: ORIGINAL,
    date: NOW,
    random: counter(),
    ...overrides,
  };
}

function rawOf(dsn: DeliveryStatusNotification): Buffer {
  return Buffer.concat(dsn.chunks);
}

interface RawPart {
  header: string;
  body: string;
}

/** The top-level header and the parts of the multipart/report, split by hand from the raw text. */
function split(raw: Buffer): { header: string; parts: RawPart[] } {
  const text = raw.toString('latin1');
  const headerEnd = text.indexOf('\r\n\r\n');
  const header = text.slice(0, headerEnd + 2);
  const boundary = /boundary="([^"]+)"/.exec(header)?.[1];
  assert.ok(boundary !== undefined, 'a boundary parameter');
  const closing = text.indexOf(`\r\n--${boundary}--\r\n`);
  assert.ok(closing > 0, 'a closing delimiter');
  assert.ok(text.endsWith(`\r\n--${boundary}--\r\n`), 'nothing after the closing delimiter');
  const pieces = text.slice(headerEnd + 4, closing).split(`\r\n--${boundary}\r\n`).slice(1);
  const parts = pieces.map((piece) => {
    const end = piece.indexOf('\r\n\r\n');
    return { header: piece.slice(0, end + 2), body: piece.slice(end + 4) };
  });
  return { header, parts };
}

/** Header fields unfolded, names lowercased, in order. */
function fields(block: string): Array<[string, string]> {
  return block
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    });
}

/** RFC 3464 §2.1: per-message fields, then one group per recipient, groups separated by empty lines. */
function statusGroups(body: string): Array<Array<[string, string]>> {
  return body
    .replace(/\r\n$/, '')
    .split('\r\n\r\n')
    .map(fields);
}

function fieldValue(block: string, name: string): string | undefined {
  return fields(block).find(([field]) => field === name.toLowerCase())?.[1];
}

/** CRLF only, no line over 998 octets (RFC 5322 §2.1.1, §2.3). */
function assertWellFormed(raw: Buffer): void {
  let lineStart = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (byte === 0x0a) {
      assert.equal(raw[i - 1], 0x0d, `bare LF at ${i}`);
      assert.ok(i - 1 - lineStart <= 998, `line at ${lineStart} is ${i - 1 - lineStart} octets`);
      lineStart = i + 1;
    } else if (byte === 0x0d) {
      assert.equal(raw[i + 1], 0x0a, `bare CR at ${i}`);
    }
  }
  assert.equal(lineStart, raw.length, 'ends with CRLF');
}

test('builds a bounce as multipart/report with report-type=delivery-status', async () => {
  const dsn = await buildDsn(input());
  const raw = rawOf(dsn);
  assertWellFormed(raw);
  const parsed = await simpleParser(raw);
  // mailparser gives a Content-Type as its value and parameters.
  const contentType = parsed.headers.get('content-type') as { value: string; params: Record<string, string> } | undefined;
  assert.equal(contentType?.value, 'multipart/report');
  assert.equal(contentType.params['report-type'], 'delivery-status');
  assert.equal(parsed.subject, 'Undelivered Mail Returned to Sender');
  assert.deepEqual(parsed.from?.value, [{ address: 'MAILER-DAEMON@mx.example.test', name: 'Mail Delivery System' }]);
  assert.equal(parsed.to !== undefined && !Array.isArray(parsed.to) ? parsed.to.text : '', 'ann@example.org');
  assert.equal(parsed.headers.get('auto-submitted'), 'auto-replied');
  assert.equal(parsed.headers.get('mime-version'), '1.0');
  assert.equal(parsed.date?.toISOString(), NOW.toISOString());
  assert.match(parsed.messageId ?? '', /^<[^<>@\s]+@mx\.example\.test>$/);
  assert.equal(parsed.messageId, dsn.messageId);
  assert.equal(parsed.references, '<original.1@example.org>');
  assert.equal(dsn.kind, 'failure');
  assert.equal(dsn.size, raw.length);
  assert.deepEqual(dsn.envelope, { sender: '', recipient: 'ann@example.org', body: '7BIT', smtputf8: false });

  const { parts } = split(raw);
  assert.equal(parts.length, 3);
  assert.equal(fieldValue(parts[0]?.header ?? '', 'content-type'), 'text/plain; charset=utf-8');
  assert.equal(fieldValue(parts[1]?.header ?? '', 'content-type'), 'message/delivery-status');
  assert.equal(fieldValue(parts[1]?.header ?? '', 'content-transfer-encoding'), '7bit');
  assert.equal(fieldValue(parts[2]?.header ?? '', 'content-type'), 'message/rfc822');
});

test('writes the RFC 3464 per-message and per-recipient fields in order', async () => {
  const delivered: DsnRecipient = {
    finalRecipient: 'carol@example.com',
    action: 'failed',
    status: '5.2.2',
    remoteMta: 'mx.example.com',
    diagnostic: { type: 'smtp', text: '552 5.2.2 Mailbox full' },
    lastAttemptDate: new Date('2024-01-02T10:04:00Z'),
  };
  const raw = rawOf(await buildDsn(input({ recipients: [BOUNCED, delivered] })));
  const report = split(raw).parts[1]?.body ?? '';
  assert.match(report, /^[\x00-\x7f]*$/, 'the report is 7-bit');
  assert.deepEqual(statusGroups(report), [
    [
      ['original-envelope-id', 'QQ314159'],
      ['reporting-mta', 'dns; mx.example.test'],
      ['arrival-date', 'Tue, 2 Jan 2024 10:00:00 +0000'],
    ],
    [
      ['original-recipient', 'rfc822;Bob@example.net'],
      ['final-recipient', 'rfc822; bob@example.net'],
      ['action', 'failed'],
      ['status', '5.1.1'],
      ['remote-mta', 'dns; mx.example.net'],
      [
        'diagnostic-code',
        "smtp; 550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
      ],
      ['last-attempt-date', 'Tue, 2 Jan 2024 10:05:00 +0000'],
    ],
    [
      ['final-recipient', 'rfc822; carol@example.com'],
      ['action', 'failed'],
      ['status', '5.2.2'],
      ['remote-mta', 'dns; mx.example.com'],
      ['diagnostic-code', 'smtp; 552 5.2.2 Mailbox full'],
      ['last-attempt-date', 'Tue, 2 Jan 2024 10:04:00 +0000'],
    ],
  ]);
  for (const line of report.split('\r\n')) assert.ok(line.length <= 78, `report line under 78 columns: ${line}`);
});

test('explains each recipient in plain English in the first part', async () => {
  const raw = rawOf(await buildDsn(input({ recipients: [{ ...BOUNCED, originalRecipient: { type: 'rfc822', address: 'robert@example.net' } }] })));
  const parsed = await simpleParser(raw);
  const text = parsed.text ?? '';
  assert.match(text, /This is the mail system at mx\.example\.test\./);
  assert.match(text, /could not be delivered/);
  assert.match(text, /Recipient: +<bob@example\.net>/);
  assert.match(text, /You wrote: +<robert@example\.net>/);
  assert.match(text, /Result: +not delivered: the address does not exist there \(5\.1\.1\)/);
  assert.match(text.replace(/\s+/g, ' '), /Details: mx\.example\.net said: 550 5\.1\.1 The email account that you tried to reach does not exist\./);
  assert.match(text, /Your message is attached/);
  const caseOnly = split(rawOf(await buildDsn(input()))).parts[0]?.body ?? '';
  assert.ok(!caseOnly.includes('You wrote:'), 'no line for an address that differs only in case');
  const first = split(raw).parts[0]?.body ?? '';
  for (const line of first.split('\r\n')) assert.ok(line.length <= 76, `text line: ${line}`);
});

test('takes a structured remote reply as the outbound transfer records it', async () => {
  const recipient: DsnRecipient = {
    finalRecipient: 'bob@example.net',
    action: 'failed',
    status: '5.1.1',
    diagnostic: {
      type: 'smtp',
      reply: { code: 550, enhanced: '5.1.1', text: '<bob@example.net>: Recipient address rejected:\nUser unknown', host: 'mx.example.net', step: 'RCPT TO' },
    },
  };
  const raw = rawOf(await buildDsn(input({ recipients: [recipient] })));
  const { parts } = split(raw);
  assert.deepEqual(statusGroups(parts[1]?.body ?? '')[1], [
    ['final-recipient', 'rfc822; bob@example.net'],
    ['action', 'failed'],
    ['status', '5.1.1'],
    ['remote-mta', 'dns; mx.example.net'],
    ['diagnostic-code', 'smtp; 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown'],
  ]);
  assert.match(
    parts[0]?.body.replace(/\s+/g, ' ') ?? '',
    /Details: mx\.example\.net said \(in reply to RCPT TO\): 550 5\.1\.1 <bob@example\.net>: Recipient address rejected: User unknown/,
  );
});

test('builds a delay warning with Action delayed and Will-Retry-Until, returning only headers', async () => {
  const delayed: DsnRecipient = {
    finalRecipient: 'bob@example.net',
    action: 'delayed',
    status: '4.4.1',
    remoteMta: 'mx.example.net',
    diagnostic: { type: 'x-mailstead', text: 'connect to mx.example.net[192.0.2.25]:25: Connection timed out' },
    lastAttemptDate: new Date('2024-01-02T14:00:00Z'),
    willRetryUntil: new Date('2024-01-07T10:00:00Z'),
  };
  const dsn = await buildDsn(input({ recipients: [delayed], ret: 'FULL' }));
  const raw = rawOf(dsn);
  assertWellFormed(raw);
  assert.equal(dsn.kind, 'delay');
  assert.equal(dsn.returned, 'headers');
  const { header, parts } = split(raw);
  assert.equal(fieldValue(header, 'subject'), 'Delayed Mail (still being retried)');
  const groups = statusGroups(parts[1]?.body ?? '');
  assert.deepEqual(groups[1], [
    ['final-recipient', 'rfc822; bob@example.net'],
    ['action', 'delayed'],
    ['status', '4.4.1'],
    ['remote-mta', 'dns; mx.example.net'],
    ['diagnostic-code', 'x-mailstead; connect to mx.example.net[192.0.2.25]:25: Connection timed out'],
    ['last-attempt-date', 'Tue, 2 Jan 2024 14:00:00 +0000'],
    ['will-retry-until', 'Sun, 7 Jan 2024 10:00:00 +0000'],
  ]);
  assert.equal(fieldValue(parts[2]?.header ?? '', 'content-type'), 'text/rfc822-headers');
  assert.equal(parts[2]?.body, ORIGINAL_HEADER);
  const text = parts[0]?.body ?? '';
  assert.match(text, /only a warning/);
  assert.match(text, /Retrying: +until Sun, 7 Jan 2024 10:00:00 \+0000/);
});

test('builds success reports for delivered and relayed recipients', async () => {
  const dsn = await buildDsn(
    input({
      envelopeId: null,
      recipients: [
        { finalRecipient: 'bob@example.net', action: 'delivered', status: '2.0.0', remoteMta: 'mx.example.net', diagnostic: { type: 'smtp', text: '250 2.0.0 Ok: queued as 4F1C2' } },
        { finalRecipient: 'dan@legacy.example', action: 'relayed', status: '2.0.0', remoteMta: 'mail.legacy.example' },
      ],
    }),
  );
  const raw = rawOf(dsn);
  assertWellFormed(raw);
  assert.equal(dsn.kind, 'success');
  assert.equal(dsn.returned, 'headers');
  const { header, parts } = split(raw);
  assert.equal(fieldValue(header, 'subject'), 'Successful Mail Delivery Report');
  const groups = statusGroups(parts[1]?.body ?? '');
  assert.deepEqual(groups[0]?.map(([name]) => name), ['reporting-mta', 'arrival-date']);
  assert.deepEqual(groups[1]?.slice(0, 3), [
    ['final-recipient', 'rfc822; bob@example.net'],
    ['action', 'delivered'],
    ['status', '2.0.0'],
  ]);
  assert.deepEqual(groups[2], [
    ['final-recipient', 'rfc822; dan@legacy.example'],
    ['action', 'relayed'],
    ['status', '2.0.0'],
    ['remote-mta', 'dns; mail.legacy.example'],
  ]);
  const text = parts[0]?.body.replace(/\s+/g, ' ') ?? '';
  assert.match(text, /delivered to the receiving mail server mx\.example\.net/);
  assert.match(text, /passed on to mail\.legacy\.example, which does not send delivery reports/);
});

test('returns the full message for a failure by default and with RET=FULL', async () => {
  for (const ret of [undefined, 'FULL'] as const) {
    const dsn = await buildDsn(input({ ret }));
    assert.equal(dsn.returned, 'full');
    const part = split(rawOf(dsn)).parts[2];
    assert.equal(fieldValue(part?.header ?? '', 'content-type'), 'message/rfc822');
    assert.equal(fieldValue(part?.header ?? '', 'content-transfer-encoding'), '7bit');
    assert.equal(part?.body, ORIGINAL.toString('latin1'));
  }
});

test('returns only the header section with RET=HDRS', async () => {
  const dsn = await buildDsn(input({ ret: 'HDRS' }));
  assert.equal(dsn.returned, 'headers');
  const raw = rawOf(dsn);
  const part = split(raw).parts[2];
  assert.equal(fieldValue(part?.header ?? '', 'content-type'), 'text/rfc822-headers');
  assert.equal(part?.body, ORIGINAL_HEADER);
  assert.ok(!raw.toString('latin1').includes('Shall we meet'), 'no body text');
});

test('falls back to the header section when the message is over the size limit', async () => {
  const big = Buffer.concat([Buffer.from(`${ORIGINAL_HEADER}\r\n`), Buffer.alloc(DEFAULT_RETURNED_SIZE_LIMIT, 'x\r\n')]);
  const dsn = await buildDsn(input({ original: big }));
  assert.equal(dsn.returned, 'headers');
  assert.ok(dsn.size < 10_000, `DSN size ${dsn.size}`);
  const { parts } = split(rawOf(dsn));
  assert.equal(parts[2]?.body, ORIGINAL_HEADER);
  assert.match(parts[0]?.body.replace(/\s+/g, ' ') ?? '', /too large to return/);

  const small = await buildDsn(input({ returnedSizeLimit: ORIGINAL.length }));
  assert.equal(small.returned, 'full');
  const smaller = await buildDsn(input({ returnedSizeLimit: ORIGINAL.length - 1 }));
  assert.equal(smaller.returned, 'headers');
});

test('cuts a header section larger than the limit after its last whole field', async () => {
  const dsn = await buildDsn(input({ ret: 'HDRS', returnedSizeLimit: 200 }));
  const body = split(rawOf(dsn)).parts[2]?.body ?? '';
  assert.ok(body.length <= 200);
  assert.ok(ORIGINAL_HEADER.startsWith(body));
  assert.match(body, /\r\nMessage-ID: <original\.1@example\.org>\r\n/);
  assert.ok(!/^[ \t]/m.test(ORIGINAL_HEADER.slice(body.length)), 'cut before a field, not inside one');

  const none = await buildDsn(input({ returnedSizeLimit: 0 }));
  assert.equal(none.returned, 'none');
  assert.equal(split(rawOf(none)).parts.length, 2);
});

test('reads a stream only up to the limit and closes it', async () => {
  let produced = 0;
  let destroyed = false;
  const chunk = Buffer.alloc(16 * 1024, 'y');
  // A 100 MB message, made on demand: the DSN must never pull all of it.
  const stream = new Readable({
    read() {
      if (produced >= 100 * 1024 * 1024) return void this.push(null);
      const next = produced === 0 ? Buffer.from(`${ORIGINAL_HEADER}\r\n`) : chunk;
      produced += next.length;
      this.push(next);
    },
    destroy(error, callback) {
      destroyed = true;
      callback(error);
    },
  });
  const dsn = await buildDsn(input({ original: stream }));
  assert.equal(dsn.returned, 'headers');
  assert.ok(produced < DEFAULT_RETURNED_SIZE_LIMIT + 4 * chunk.length, `read ${produced} bytes`);
  assert.ok(destroyed, 'the stream was destroyed');
  assert.equal(split(rawOf(dsn)).parts[2]?.body, ORIGINAL_HEADER);
});

test('returns a small streamed message in full and stops at the header end for headers only', async () => {
  const pieces = [ORIGINAL.subarray(0, 7), ORIGINAL.subarray(7, 300), ORIGINAL.subarray(300)];
  const full = await buildDsn(input({ original: Readable.from(pieces) }));
  assert.equal(full.returned, 'full');
  assert.equal(split(rawOf(full)).parts[2]?.body, ORIGINAL.toString('latin1'));

  let pulled = 0;
  async function* generate(): AsyncGenerator<Buffer> {
    for (const piece of [Buffer.from(ORIGINAL_HEADER.slice(0, 100)), Buffer.from(`${ORIGINAL_HEADER.slice(100)}\r`), Buffer.from('\nbody\r\n')]) {
      pulled++;
      yield piece;
    }
    pulled++;
    yield Buffer.from('never needed\r\n');
  }
  const headers = await buildDsn(input({ ret: 'HDRS', original: generate() }));
  assert.equal(pulled, 3, 'stopped once the empty line was seen, across a chunk boundary');
  assert.equal(split(rawOf(headers)).parts[2]?.body, ORIGINAL_HEADER);
});

test('marks an 8-bit original 8bit and asks for BODY=8BITMIME', async () => {
  const original = Buffer.from(
    `${ORIGINAL_HEADER.replace('charset=us-ascii', 'charset=utf-8')}Content-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Köln\r\n`,
    'utf8',
  );
  const dsn = await buildDsn(input({ original }));
  const raw = rawOf(dsn);
  assertWellFormed(raw);
  assert.equal(dsn.envelope.body, '8BITMIME');
  const part = split(raw).parts[2];
  assert.equal(fieldValue(part?.header ?? '', 'content-type'), 'message/rfc822');
  assert.equal(fieldValue(part?.header ?? '', 'content-transfer-encoding'), '8bit');
  assert.ok(raw.includes(original), 'the original bytes unchanged');
  const parsed = await simpleParser(raw);
  const attached = parsed.attachments.find((attachment) => attachment.contentType === 'message/rfc822');
  assert.ok(attached !== undefined, 'the original is an attachment');
  const inner = await simpleParser(attached.content);
  assert.equal(inner.text?.trim(), 'Grüße aus Köln');

  const headersOnly = await buildDsn(input({ original, ret: 'HDRS' }));
  assert.equal(headersOnly.envelope.body, '7BIT');
});

test('returns a message with UTF-8 header fields as message/global, its headers as UTF-8 text', async () => {
  const original = Buffer.from(`${ORIGINAL_HEADER.replace('Lunch on Friday', 'Mittagessen am Freitag – 12 Uhr')}\r\nHallo\r\n`, 'utf8');
  const full = await buildDsn(input({ original }));
  const fullPart = split(rawOf(full)).parts[2];
  assert.equal(fieldValue(fullPart?.header ?? '', 'content-type'), 'message/global');
  assert.equal(fieldValue(fullPart?.header ?? '', 'content-transfer-encoding'), '8bit');
  assert.equal(full.envelope.body, '8BITMIME');

  const headers = await buildDsn(input({ original, ret: 'HDRS' }));
  const headersRaw = rawOf(headers);
  assertWellFormed(headersRaw);
  const part = split(headersRaw).parts[2];
  assert.equal(fieldValue(part?.header ?? '', 'content-type'), 'text/rfc822-headers; charset=utf-8');
  assert.equal(fieldValue(part?.header ?? '', 'content-transfer-encoding'), '8bit');
  assert.ok(headersRaw.includes(Buffer.from('Mittagessen am Freitag – 12 Uhr', 'utf8')));
});

test('keeps every line CRLF-terminated and within 998 octets whatever the original holds', async () => {
  const bareLf = Buffer.from(`${ORIGINAL_HEADER.replace(/\r\n/g, '\n')}\nline one\nline two\n`);
  const fromBareLf = await buildDsn(input({ original: bareLf }));
  assertWellFormed(rawOf(fromBareLf));
  assert.equal(fromBareLf.returned, 'full');
  assert.equal(split(rawOf(fromBareLf)).parts[2]?.body, `${ORIGINAL_HEADER}\r\nline one\r\nline two\r\n`);

  const longLine = Buffer.from(`${ORIGINAL_HEADER}\r\n${'z'.repeat(5000)}\r\n`);
  const fromLongLine = await buildDsn(input({ original: longLine }));
  assertWellFormed(rawOf(fromLongLine));
  assert.equal(fromLongLine.returned, 'headers', 'a line over 998 octets cannot travel as message/rfc822');
  assert.match(split(rawOf(fromLongLine)).parts[0]?.body.replace(/\s+/g, ' ') ?? '', /could not be attached as it is/);

  const longHeader = Buffer.from(`X-Long: ${'h'.repeat(3000)}\r\n${ORIGINAL_HEADER}\r\nbody\r\n`);
  const fromLongHeader = await buildDsn(input({ original: longHeader }));
  const raw = rawOf(fromLongHeader);
  assertWellFormed(raw);
  const part = split(raw).parts[2];
  assert.equal(fieldValue(part?.header ?? '', 'content-transfer-encoding'), 'quoted-printable');
  const parsed = await simpleParser(raw);
  assert.ok(parsed.attachments.some((attachment) => attachment.content.toString('utf8').includes('h'.repeat(3000))));

  const longDiagnostic = await buildDsn(
    input({ recipients: [{ ...BOUNCED, diagnostic: { type: 'smtp', text: `550 5.7.1 ${'w'.repeat(1500)} end` } }] }),
  );
  assertWellFormed(rawOf(longDiagnostic));
});

test('writes non-ASCII addresses as RFC 6533 utf-8 xtext and keeps the report 7-bit', async () => {
  const dsn = await buildDsn(
    input({
      sender: 'anna@bücher.example',
      recipients: [
        { ...BOUNCED, finalRecipient: 'jörg@bücher.example', originalRecipient: { type: 'utf-8', address: 'Jörg+x@bücher.example' } },
      ],
    }),
  );
  const raw = rawOf(dsn);
  assertWellFormed(raw);
  assert.equal(dsn.envelope.smtputf8, true);
  const { header, parts } = split(raw);
  assert.equal(Buffer.from(fieldValue(header, 'to') ?? '', 'latin1').toString('utf8'), '<anna@bücher.example>');
  const report = parts[1]?.body ?? '';
  assert.match(report, /^[\x00-\x7f]*$/);
  const recipient = statusGroups(report)[1];
  assert.deepEqual(recipient?.slice(0, 2), [
    ['original-recipient', 'utf-8;J\\x{F6}rg\\x{2B}x@b\\x{FC}cher.example'],
    ['final-recipient', 'utf-8; j\\x{F6}rg@b\\x{FC}cher.example'],
  ]);
  assert.equal(fieldValue(parts[0]?.header ?? '', 'content-transfer-encoding'), 'quoted-printable');
  const parsed = await simpleParser(raw);
  assert.match(parsed.text ?? '', /Recipient: +<jörg@bücher\.example>/);
});

test('keeps control characters from outside out of the header and the report', async () => {
  const dsn = await buildDsn(
    input({
      envelopeId: 'id\r\nX-Injected: 1',
      recipients: [{ ...BOUNCED, remoteMta: 'mx.example.net\r\nX-Evil: 1', diagnostic: { type: 'smtp', text: '550 5.1.1 no\r\nAction: delivered' } }],
    }),
  );
  const raw = rawOf(dsn);
  assertWellFormed(raw);
  const report = statusGroups(split(raw).parts[1]?.body ?? '');
  assert.deepEqual(report[0]?.[0], ['original-envelope-id', 'idX-Injected:1']);
  assert.deepEqual(
    report[1]?.filter(([name]) => name === 'action'),
    [['action', 'failed']],
  );
  assert.ok(!report[1]?.some(([name]) => name === 'remote-mta' || name === 'x-evil'));
  assert.deepEqual(
    report[1]?.find(([name]) => name === 'diagnostic-code'),
    ['diagnostic-code', 'smtp; 550 5.1.1 no Action: delivered'],
  );
});

test('reports a failure whenever one recipient failed, a delay when one is delayed', () => {
  const delayed: DsnRecipient = { finalRecipient: 'a@b.example', action: 'delayed', status: '4.0.0' };
  const delivered: DsnRecipient = { finalRecipient: 'c@d.example', action: 'delivered', status: '2.0.0' };
  assert.equal(dsnKind([delivered, delayed, BOUNCED]), 'failure');
  assert.equal(dsnKind([delivered, delayed]), 'delay');
  assert.equal(dsnKind([delivered]), 'success');
});

test('replaces a malformed status with the generic code of its action', async () => {
  const raw = rawOf(await buildDsn(input({ recipients: [{ ...BOUNCED, status: '550' }] })));
  assert.deepEqual(statusGroups(split(raw).parts[1]?.body ?? '')[1]?.find(([name]) => name === 'status'), ['status', '5.0.0']);
});

test('never sends a DSN to the null sender and refuses other caller mistakes', async () => {
  assert.equal(mayNotify(''), false);
  assert.equal(mayNotify('<>'), false);
  assert.equal(mayNotify('ann@example.org'), true);
  assert.equal(dsnEnvelope(''), null);
  assert.deepEqual(dsnEnvelope('ann@example.org'), { sender: '', recipient: 'ann@example.org' });
  await assert.rejects(buildDsn(input({ sender: '' })), /null reverse-path/);
  await assert.rejects(buildDsn(input({ recipients: [] })), /at least one recipient/);
  await assert.rejects(buildDsn(input({ reportingMta: 'mx example' })), /host name/);
});

test('follows the NOTIFY parameter of RFC 3461', () => {
  assert.equal(notifyWanted(null, 'failed'), true);
  assert.equal(notifyWanted(null, 'delayed'), true);
  assert.equal(notifyWanted(null, 'delivered'), false);
  assert.equal(notifyWanted(['NEVER'], 'failed'), false);
  assert.equal(notifyWanted(['SUCCESS'], 'delivered'), true);
  assert.equal(notifyWanted(['SUCCESS'], 'relayed'), true);
  assert.equal(notifyWanted(['SUCCESS'], 'failed'), false);
  assert.equal(notifyWanted(['FAILURE'], 'delayed'), false);
  assert.equal(notifyWanted(['FAILURE', 'DELAY'], 'delayed'), true);
});

test('uses a fresh Message-ID and boundary for every notification', async () => {
  const first = await buildDsn(input({ random: undefined }));
  const second = await buildDsn(input({ random: undefined }));
  assert.notEqual(first.messageId, second.messageId);
  const boundary = (dsn: DeliveryStatusNotification): string | undefined => /boundary="([^"]+)"/.exec(rawOf(dsn).toString('latin1'))?.[1];
  assert.notEqual(boundary(first), boundary(second));
});
