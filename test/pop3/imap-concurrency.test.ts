// POP3 beside IMAP on the same INBOX: the POP3 maildrop is a snapshot taken at login; a message an IMAP
// session expunges meanwhile keeps its number and stays readable (its blob outlives the expunge until
// check-store), and deleting it at QUIT is not an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImapTestClient } from '../helpers/imap-client.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import { PASSWORD, startPop3, USER } from './pop3-instance.ts';

const message = (subject: string): string => `From: bob@remote.test\r\nTo: ${USER}\r\nSubject: ${subject}\r\n\r\nAbout ${subject}.\r\n`;

async function imapExpungeFirst(port: number): Promise<void> {
  const imap = await ImapTestClient.connect(port);
  try {
    await imap.greeting();
    assert.equal((await imap.startTls()).tagged.status, 'OK');
    await imap.login(USER, PASSWORD);
    assert.equal((await imap.command('SELECT INBOX')).tagged.status, 'OK');
    assert.equal((await imap.command('STORE 1 +FLAGS.SILENT (\\Deleted)')).tagged.status, 'OK');
    assert.equal((await imap.command('EXPUNGE')).tagged.status, 'OK');
    await imap.command('LOGOUT');
  } finally {
    imap.close();
  }
}

test('a message expunged over IMAP during a POP3 session stays listed and readable, and DELE+QUIT of it succeeds', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('a'));
  await pop3.deliver(message('b'));
  const stored = await readMailbox(pop3.dir, USER);
  const client = await pop3.loggedIn();
  await imapExpungeFirst(pop3.imapPort);
  assert.deepEqual((await readMailbox(pop3.dir, USER)).map((m) => m.uid), [2]);
  assert.equal(await client.command('STAT'), `+OK 2 ${stored[0]!.size + stored[1]!.size}`);
  const retr = await client.multi('RETR 1');
  assert.equal(retr.raw.toString('latin1'), stored[0]!.text);
  assert.equal(await client.command('DELE 1'), '+OK Message 1 deleted');
  assert.equal(await client.command('DELE 2'), '+OK Message 2 deleted');
  assert.equal(await client.command('QUIT'), '+OK Mailstead POP3 server signing off (2 messages deleted)');
  await client.expectClose();
  assert.deepEqual(await readMailbox(pop3.dir, USER), []);
});

test('mail delivered during a POP3 session appears at the next login, not in the running one', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('a'));
  const client = await pop3.loggedIn();
  await pop3.deliver(message('b'));
  assert.match(await client.command('STAT'), /^\+OK 1 \d+$/);
  assert.equal(await client.command('QUIT'), '+OK Mailstead POP3 server signing off');
  const next = await pop3.loggedIn();
  assert.match(await next.command('STAT'), /^\+OK 2 \d+$/);
});

test('messages POP3 deletes at QUIT are announced at once to an IMAP session in IDLE', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('first'));
  await pop3.deliver(message('second'));
  const imap = await ImapTestClient.connect(pop3.imapPort);
  t.after(() => imap.close());
  await imap.greeting();
  assert.equal((await imap.startTls()).tagged.status, 'OK');
  await imap.login(USER, PASSWORD);
  assert.equal((await imap.command('SELECT INBOX')).tagged.status, 'OK');
  imap.send('i1 IDLE\r\n');
  assert.deepEqual(await imap.next(), { kind: 'continuation', text: 'idling', bytes: Buffer.from('+ idling\r\n') });

  const client = await pop3.loggedIn();
  assert.equal(await client.command('DELE 1'), '+OK Message 1 deleted');
  assert.equal(await client.command('QUIT'), '+OK Mailstead POP3 server signing off (1 message deleted)');
  await client.expectClose();

  assert.equal((await imap.next()).text, '1 EXPUNGE');
  imap.send('DONE\r\n');
  assert.equal((await imap.next()).text, 'i1 OK IDLE terminated');
  assert.deepEqual((await readMailbox(pop3.dir, USER)).map((m) => m.uid), [2]);
});
