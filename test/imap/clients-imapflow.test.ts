// imapflow (the Node IMAP client of Nodemailer and many webmail back ends) against a real instance over
// STARTTLS: it parses our LIST, SELECT, FETCH (ENVELOPE, BODYSTRUCTURE, BODY[]), SEARCH, STORE, MOVE,
// APPEND and IDLE responses into its own objects, so a misformatted response shows up as a wrong value.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ImapFlow, type ImapFlowOptions, type ExistsEvent, type ExpungeEvent } from 'imapflow';
import { startImap, USER, PASSWORD, type ImapInstance } from '../helpers/imap-instance.ts';
import { deliverOverSmtp } from '../helpers/smtp-deliver.ts';
import { readMailbox } from '../helpers/mailbox.ts';

const MIXED = readFileSync(new URL('../fixtures/mime/mixed-attachment.eml', import.meta.url), 'latin1');
const note = (subject: string): string => `From: Bob <bob@remote.test>\r\nTo: ${USER}\r\nSubject: ${subject}\r\n\r\nPlain ${subject}.\r\n`;

interface Client {
  client: ImapFlow;
  /** Every command line imapflow sent, in order (credentials are masked by imapflow). */
  commands: string[];
}

/** An imapflow client for `imap` over STARTTLS (the certificate is self-signed), closed with the test. */
async function connect(t: TestContext, imap: ImapInstance, options: Partial<ImapFlowOptions> = {}): Promise<Client> {
  const commands: string[] = [];
  const record = (entry: { src?: string; msg?: string }): void => {
    if (entry.src === 'c' && typeof entry.msg === 'string') commands.push(entry.msg);
  };
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: imap.port,
    secure: false,
    doSTARTTLS: true,
    tls: { rejectUnauthorized: false },
    auth: { user: USER, pass: PASSWORD },
    disableAutoIdle: true,
    logger: { debug: record, info: record, warn: record, error: record },
    ...options,
  });
  t.after(() => client.close());
  await client.connect();
  return { client, commands };
}

/** Resolves with the first `event` imapflow emits, or fails after `waitMs`. */
function nextEvent<T>(client: ImapFlow, event: 'exists' | 'expunge', waitMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event within ${waitMs}ms`)), waitMs);
    client.once(event, (data: T) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

test('imapflow lists special-use folders, reads a multipart message, searches and changes flags', async (t) => {
  const imap = await startImap(t);
  await deliverOverSmtp(imap.smtpPort, USER, MIXED);
  await deliverOverSmtp(imap.smtpPort, USER, note('second'));
  const { client } = await connect(t, imap);
  assert.equal(client.secureConnection, true, 'the session runs over TLS after STARTTLS');
  assert.equal(client.capabilities.has('STARTTLS'), false, 'capabilities are read again after STARTTLS');
  assert.equal(client.capabilities.has('IMAP4rev2'), true);

  // imapflow orders special-use folders itself (INBOX, Sent, Drafts, Archive, Junk, Trash).
  const folders = (await client.list()).map((f) => [f.path, f.specialUse ?? null, f.specialUseSource ?? null]);
  assert.deepEqual(folders, [
    ['INBOX', '\\Inbox', 'name'],
    ['Sent', '\\Sent', 'extension'],
    ['Drafts', '\\Drafts', 'extension'],
    ['Archive', '\\Archive', 'extension'],
    ['Junk', '\\Junk', 'extension'],
    ['Trash', '\\Trash', 'extension'],
  ]);

  const inbox = await client.mailboxOpen('INBOX');
  assert.equal(inbox.exists, 2);
  assert.equal(inbox.uidNext, 3);
  assert.equal(inbox.readOnly, false);
  assert.equal(typeof inbox.mailboxId, 'string');

  const message = await client.fetchOne('1', { uid: true, flags: true, size: true, envelope: true, bodyStructure: true, source: true });
  assert.ok(message !== false);
  const [stored] = await readMailbox(imap.dir, USER);
  assert.equal(message.source?.toString('latin1'), stored!.text);
  assert.ok(stored!.text.endsWith(`${MIXED}\r\n`), 'the body is the message as sent');
  assert.equal(message.size, stored!.size);
  assert.deepEqual([...(message.flags ?? [])], []);
  assert.deepEqual(message.envelope, {
    date: new Date('2025-01-08T13:00:00.000Z'),
    subject: 'Report attached',
    messageId: '<mixed-1@example.org>',
    inReplyTo: '<question-7@example.test>',
    from: [{ name: 'Carol', address: 'carol@example.org' }],
    sender: [{ name: 'Carol', address: 'carol@example.org' }],
    replyTo: [{ name: 'Carol', address: 'carol@example.org' }],
    to: [{ name: '', address: 'team@example.test' }],
    cc: [
      { name: 'Dan', address: 'dan@example.org' },
      { name: '', address: 'erin@example.org' },
    ],
  });
  assert.deepEqual(message.bodyStructure, {
    type: 'multipart/mixed',
    parameters: { boundary: 'outer' },
    childNodes: [
      {
        part: '1',
        type: 'multipart/alternative',
        parameters: { boundary: 'outer-inner' },
        childNodes: [
          { part: '1.1', type: 'text/plain', parameters: { charset: 'us-ascii' }, encoding: '7bit', size: 15, lineCount: 0 },
          { part: '1.2', type: 'text/html', parameters: { charset: 'us-ascii' }, encoding: '7bit', size: 22, lineCount: 0 },
        ],
      },
      {
        part: '2',
        type: 'application/pdf',
        parameters: { name: 'report.pdf' },
        id: '<part2@example.org>',
        description: 'Quarterly report',
        encoding: 'base64',
        size: 22,
        // The server sends Content-MD5 as written (`Q2hl…`); imapflow lower-cases the value it parses.
        md5: 'q2hly2sgsw50zwdyaxr5iq==',
        disposition: 'attachment',
        dispositionParameters: { filename: 'report.pdf', size: '12' },
        language: ['en', 'de'],
        location: 'http://example.org/report.pdf',
      },
    ],
  });
  const attachment = await client.download('1', '2');
  const chunks: Buffer[] = [];
  for await (const chunk of attachment.content as AsyncIterable<Buffer>) chunks.push(chunk);
  assert.equal(Buffer.concat(chunks).toString('latin1'), '%PDF-1.4\n%%EOF\n');

  assert.deepEqual(await client.search({ subject: 'report' }), [1]);
  assert.deepEqual(await client.search({ from: 'bob@remote.test' }, { uid: true }), [2]);
  assert.deepEqual(await client.search({ seen: false }, { uid: true }), [1, 2]);
  assert.deepEqual(await client.search({ all: true }, { uid: true, returnOptions: ['MIN', 'MAX', 'COUNT'] }), { min: 1, max: 2, count: 2 });

  assert.equal(await client.messageFlagsAdd('1:2', ['\\Seen', '$Important']), true);
  assert.equal(await client.messageFlagsRemove('2', ['$Important'], { uid: true }), true);
  const flags = await client.fetchAll('1:*', { flags: true });
  assert.deepEqual(flags.map((m) => [m.uid, [...(m.flags ?? [])].sort()]), [
    [1, ['$Important', '\\Seen']],
    [2, ['\\Seen']],
  ]);
  assert.deepEqual(await client.search({ keyword: '$Important' }), [1]);
  await client.logout();
});

test('imapflow with QRESYNC moves to Archive, appends to Sent, idles for new mail and resyncs', async (t) => {
  const imap = await startImap(t);
  await deliverOverSmtp(imap.smtpPort, USER, note('first'));
  await deliverOverSmtp(imap.smtpPort, USER, note('second'));
  const { client, commands } = await connect(t, imap, { qresync: true });
  assert.ok(commands.some((c) => /^\S+ ENABLE .*QRESYNC/.test(c)), `QRESYNC was not enabled: ${commands.join(' | ')}`);
  const opened = await client.mailboxOpen('INBOX');
  // imapflow keeps the mailbox object current as MODSEQs arrive: keep the values of the SELECT.
  const selected = { uidValidity: opened.uidValidity, highestModseq: opened.highestModseq };
  const archive = await client.status('Archive', { uidValidity: true });

  const vanished = nextEvent<ExpungeEvent>(client, 'expunge');
  const moved = await client.messageMove('1', 'Archive', { uid: true });
  assert.ok(moved !== false);
  assert.equal(moved.destination, 'Archive');
  assert.equal(moved.uidValidity, archive !== false ? archive.uidValidity : undefined);
  assert.deepEqual([...(moved.uidMap ?? [])], [[1, 1]]);
  assert.deepEqual(await vanished, { path: 'INBOX', uid: 1, vanished: true, earlier: false });
  assert.ok(commands.some((c) => /^\S+ UID MOVE 1 Archive$/.test(c)), 'imapflow used MOVE');

  const internalDate = new Date('2025-01-02T03:04:05.000Z');
  const appended = await client.append('Sent', note('sent'), ['\\Seen'], internalDate);
  assert.ok(appended !== false);
  assert.deepEqual({ destination: appended.destination, uid: appended.uid }, { destination: 'Sent', uid: 1 });
  const sent = await client.status('Sent', { messages: true, unseen: true });
  assert.deepEqual(sent !== false ? [sent.messages, sent.unseen] : null, [1, 0]);

  const arrived = nextEvent<ExistsEvent>(client, 'exists');
  const idling = client.idle();
  await deliverOverSmtp(imap.smtpPort, USER, note('third'));
  assert.deepEqual(await arrived, { path: 'INBOX', count: 2, prevCount: 1 });
  const [third] = await client.fetchAll('2', { uid: true, envelope: true });
  assert.deepEqual([third?.uid, third?.envelope?.subject], [3, 'third']);
  await idling;
  assert.ok(commands.some((c) => /^\S+ IDLE$/.test(c)), 'imapflow idled');

  const changed = await client.fetchAll('1:*', { uid: true, flags: true }, { uid: true, changedSince: selected.highestModseq });
  assert.deepEqual(changed.map((m) => m.uid), [3]);
  await client.logout();

  // A later session resumes with QRESYNC from the first SELECT: it learns the move as VANISHED (EARLIER).
  const again = await connect(t, imap, { qresync: true });
  const earlier: ExpungeEvent[] = [];
  again.client.on('expunge', (event: ExpungeEvent) => earlier.push(event));
  await again.client.mailboxOpen('INBOX', { uidValidity: selected.uidValidity, changedSince: selected.highestModseq });
  assert.deepEqual(earlier, [{ path: 'INBOX', uid: 1, vanished: true, earlier: true }]);
  await again.client.logout();
});
