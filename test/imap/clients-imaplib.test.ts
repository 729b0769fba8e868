// Python's imaplib (what scripts, backup tools and many small integrations use) against a real instance:
// STARTTLS with the instance's certificate, then LIST, SELECT, UID SEARCH, UID FETCH, STORE, COPY,
// EXPUNGE, APPEND with flags and a date, CLOSE and LOGOUT. imaplib hands back the server's response data
// nearly as sent, so the script prints it with repr() and the test compares it exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startImap, USER, PASSWORD } from '../helpers/imap-instance.ts';
import { deliverOverSmtp } from '../helpers/smtp-deliver.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import { runTool } from '../helpers/run-tool.ts';
import { toolSkip } from '../helpers/tools.ts';

const note = (subject: string): string => `From: Bob <bob@remote.test>\r\nTo: ${USER}\r\nSubject: ${subject}\r\n\r\nAbout ${subject}.\r\n`;
const DRAFT = 'From: alice@example.test\r\nSubject: draft\r\n\r\nNot sent yet.\r\n';

/** The scenario: one printed repr() line per step. */
function script(port: number, certificate: string): string {
  return `
import imaplib, ssl, datetime
context = ssl.create_default_context(cafile=${JSON.stringify(certificate)})
context.check_hostname = False  # the certificate names mx.example.test; it is pinned by cafile instead
m = imaplib.IMAP4("127.0.0.1", ${port})
print(repr(m.starttls(context)[0]))
print(repr(m.login(${JSON.stringify(USER)}, ${JSON.stringify(PASSWORD)})[0]))
print(repr(m.list()))
print(repr(m.status("Archive", "(MESSAGES UIDVALIDITY)")))
print(repr(m.select("INBOX")))
print(repr(m.uid("SEARCH", "UNSEEN")))
typ, data = m.uid("FETCH", "2", "(BODY.PEEK[])")
print(repr((typ, data[0][0])))
open(${JSON.stringify(`${certificate}.fetched`)}, "wb").write(data[0][1])
print(repr(m.store("1", "+FLAGS", "(\\\\Flagged \\\\Seen)")))
print(repr(m.copy("1", "Archive")))
print(repr(m.store("2", "+FLAGS.SILENT", "(\\\\Deleted)")))
print(repr(m.expunge()))
date = imaplib.Time2Internaldate(datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc))
print(repr(m.append("Drafts", "(\\\\Draft)", date, ${JSON.stringify(DRAFT)}.encode())))
print(repr(m.select("Drafts", readonly=True)))
print(repr(m.fetch("1", "(FLAGS INTERNALDATE RFC822.SIZE)")))
print(repr(m.close()))
print(repr(m.logout()))
`;
}

test("Python's imaplib logs in over STARTTLS and lists, searches, fetches, stores, copies, expunges and appends", async (t) => {
  const skip = toolSkip('python3');
  if (skip !== false) {
    t.skip(skip);
    return;
  }
  const imap = await startImap(t);
  await deliverOverSmtp(imap.smtpPort, USER, note('first'));
  await deliverOverSmtp(imap.smtpPort, USER, note('second'));
  const [, second] = await readMailbox(imap.dir, USER);
  const certificate = join(imap.dir, 'certs/server.crt');
  const run = await runTool('python3', ['-c', script(imap.port, certificate)]);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  const lines = run.stdout.trimEnd().split('\n');
  // UIDVALIDITY values are chosen by the server; the STATUS line tells the test Archive's.
  const archiveValidity = /UIDVALIDITY (\d+)/.exec(lines[3] ?? '')?.[1] ?? 'missing';
  const draftsValidity = /APPENDUID (\d+)/.exec(lines[11] ?? '')?.[1] ?? 'missing';
  assert.deepEqual(lines, [
    "'OK'",
    "'OK'",
    "('OK', [b'(\\\\HasNoChildren \\\\Archive) \"/\" Archive', b'(\\\\HasNoChildren \\\\Drafts) \"/\" Drafts', b'(\\\\HasNoChildren) \"/\" INBOX', " +
      "b'(\\\\HasNoChildren \\\\Junk) \"/\" Junk', b'(\\\\HasNoChildren \\\\Sent) \"/\" Sent', b'(\\\\HasNoChildren \\\\Trash) \"/\" Trash'])",
    `('OK', [b'Archive (MESSAGES 0 UIDVALIDITY ${archiveValidity})'])`,
    "('OK', [b'2'])",
    "('OK', [b'1 2'])",
    `('OK', b'2 (UID 2 BODY[] {${second!.size}}')`,
    "('OK', [b'1 (FLAGS (\\\\Seen \\\\Flagged \\\\Recent))'])",
    `('OK', [b'[COPYUID ${archiveValidity} 1 1] COPY completed'])`,
    "('OK', [None])",
    "('OK', [b'2'])",
    `('OK', [b'[APPENDUID ${draftsValidity} 1] APPEND completed'])`,
    "('OK', [b'1'])",
    `('OK', [b'1 (FLAGS (\\\\Draft \\\\Recent) INTERNALDATE \"02-Jan-2025 03:04:05 +0000\" RFC822.SIZE ${Buffer.byteLength(DRAFT)})'])`,
    "('OK', [b'CLOSE completed'])",
    "('BYE', [b'Logging out'])",
  ]);
  assert.equal(await readFile(`${certificate}.fetched`, 'latin1'), second!.text);
});
