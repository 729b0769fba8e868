// mbsync (isync) syncs an account both ways over STARTTLS, as users of offline Maildir setups run it:
// the first sync pulls every folder with exact contents, local flag changes, deletions, new messages and a
// new folder are pushed back (STORE, EXPUNGE, APPEND with APPENDUID, CREATE), and mail that SMTP delivers
// afterwards arrives with the next sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rename, rm, unlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startImap, USER, PASSWORD, type ImapInstance } from '../helpers/imap-instance.ts';
import { deliverOverSmtp } from '../helpers/smtp-deliver.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import { runTool } from '../helpers/run-tool.ts';
import { toolSkip } from '../helpers/tools.ts';

interface MaildirMessage {
  path: string;
  /** The maildir flags after `:2,` (e.g. `S`). */
  flags: string;
  text: string;
}

const FOLDERS = ['Archive', 'Drafts', 'INBOX', 'Junk', 'Projects', 'Sent', 'Trash'];

const mail = (subject: string, body: string): string =>
  `From: Bob <bob@remote.test>\r\nTo: ${USER}\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@remote.test>\r\n\r\n${body}\r\n`;

/** An isync 1.4 configuration: one IMAP store over STARTTLS trusting the instance's certificate, one Maildir. */
function mbsyncConfig(imap: ImapInstance, maildir: string): string {
  return [
    'IMAPAccount mailstead',
    'Host 127.0.0.1',
    `Port ${imap.port}`,
    `User ${USER}`,
    `Pass ${PASSWORD}`,
    'SSLType STARTTLS',
    `CertificateFile ${join(imap.dir, 'certs/server.crt')}`,
    '',
    'IMAPStore remote',
    'Account mailstead',
    '',
    'MaildirStore local',
    `Path ${maildir}/`,
    `Inbox ${maildir}/INBOX`,
    'SubFolders Verbatim',
    '',
    'Channel mailstead',
    'Far :remote:',
    'Near :local:',
    'Patterns *',
    'Create Both',
    'Expunge Both',
    'SyncState *',
    '',
  ].join('\n');
}

/**
 * mbsync marks every message it stores, on either side, with a transaction id header (`X-TUID`) so it can
 * find the message again after an interruption: the client's bookkeeping, not the message's content.
 */
const withoutTuid = (text: string): string => text.replace(/^X-TUID: .*\r?\n/m, '');

/** Messages of a Maildir folder (`cur` and `new`), keyed by subject. */
async function readMaildir(folder: string): Promise<Map<string, MaildirMessage>> {
  const out = new Map<string, MaildirMessage>();
  for (const sub of ['cur', 'new']) {
    for (const name of await readdir(join(folder, sub))) {
      const path = join(folder, sub, name);
      const text = withoutTuid(await readFile(path, 'latin1'));
      const subject = /^Subject: (.*)$/m.exec(text)?.[1] ?? '';
      out.set(subject, { path, text, flags: /:2,([A-Z]*)$/.exec(name)?.[1] ?? '' });
    }
  }
  return out;
}

/** The server's copy of each message as the Maildir stores it (mbsync writes LF line ends). */
async function serverTexts(imap: ImapInstance, mailbox: string): Promise<string[]> {
  return (await readMailbox(imap.dir, USER, mailbox)).map((m) => m.text.replace(/\r\n/g, '\n'));
}

test('mbsync pulls every folder, pushes flags, deletions and new messages, and pulls new mail', async (t) => {
  const skip = toolSkip('mbsync');
  if (skip !== false) {
    t.skip(skip);
    return;
  }
  const imap = await startImap(t);
  const work = await mkdtemp(join(tmpdir(), 'mailstead-mbsync-'));
  t.after(() => rm(work, { recursive: true, force: true }));
  const maildir = join(work, 'mail');
  await mkdir(maildir);
  const config = join(work, 'mbsyncrc');
  await writeFile(config, mbsyncConfig(imap, maildir));
  const sync = async (): Promise<void> => {
    const run = await runTool('mbsync', ['-c', config, '-a'], { env: { ...process.env, HOME: work }, timeoutMs: 30_000 });
    assert.equal(run.code, 0, `mbsync failed:\n${run.stdout}\n${run.stderr}`);
  };

  await deliverOverSmtp(imap.smtpPort, USER, mail('first', 'One.'));
  await deliverOverSmtp(imap.smtpPort, USER, mail('second', 'Two.'));
  const setup = await imap.loggedIn();
  assert.equal((await setup.command('CREATE Projects')).tagged.status, 'OK');
  const plan = mail('plan', 'The plan.');
  assert.equal((await setup.command(['APPEND Projects (\\Flagged) ', { literal: plan }])).tagged.status, 'OK');

  await sync();
  assert.deepEqual((await readdir(maildir)).filter((name) => !name.startsWith('.')).sort(), FOLDERS);
  const inbox = await readMaildir(join(maildir, 'INBOX'));
  assert.deepEqual([...inbox.keys()].sort(), ['first', 'second']);
  assert.deepEqual([...inbox.values()].map((m) => m.text).sort(), (await serverTexts(imap, 'INBOX')).sort());
  assert.deepEqual([...inbox.values()].map((m) => m.flags), ['', '']);
  const projects = await readMaildir(join(maildir, 'Projects'));
  assert.equal(projects.get('plan')?.text, plan.replace(/\r\n/g, '\n'));
  assert.equal(projects.get('plan')?.flags, 'F');

  // Local changes: read "first", delete "second", file a note into Projects and a new folder.
  const first = inbox.get('first')!;
  await rename(first.path, `${first.path.replace('/new/', '/cur/').replace(/:2,[A-Z]*$/, '')}:2,S`);
  await unlink(inbox.get('second')!.path);
  const note = 'From: alice@example.test\nSubject: note\nMessage-ID: <note@example.test>\n\nWritten offline.\n';
  await writeFile(join(maildir, 'Projects/new/1700000000.1_1.laptop'), note);
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(maildir, 'Local', sub), { recursive: true });
  await writeFile(join(maildir, 'Local/cur/1700000000.2_1.laptop:2,S'), note.replace('note', 'kept'));
  await sync();

  const check = await imap.loggedIn();
  await check.command('SELECT INBOX');
  assert.deepEqual((await check.command('UID FETCH 1:* (FLAGS)')).untagged, ['1 FETCH (UID 1 FLAGS (\\Seen))']);
  await check.command('SELECT Projects');
  assert.deepEqual((await check.command('UID FETCH 1:* (FLAGS)')).untagged, ['1 FETCH (UID 1 FLAGS (\\Flagged))', '2 FETCH (UID 2 FLAGS ())']);
  const pushed = await readMailbox(imap.dir, USER, 'Projects');
  assert.equal(withoutTuid(pushed[1]?.text ?? '').replace(/\r\n/g, '\n'), note);
  await check.command('SELECT Local');
  assert.deepEqual((await check.command('UID FETCH 1:* (FLAGS)')).untagged, ['1 FETCH (UID 1 FLAGS (\\Seen))']);

  await deliverOverSmtp(imap.smtpPort, USER, mail('third', 'Three.'));
  await sync();
  const after = await readMaildir(join(maildir, 'INBOX'));
  assert.deepEqual([...after.keys()].sort(), ['first', 'third']);
  assert.equal(after.get('first')?.flags, 'S');
  assert.equal(after.get('third')?.flags, '');
  assert.deepEqual([...after.values()].map((m) => m.text).sort(), (await serverTexts(imap, 'INBOX')).sort());
});
