// The TRANSACTION state over a raw socket (RFC 1939 §5, §7): STAT, LIST, UIDL, RETR, TOP, DELE, RSET,
// NOOP, their errors, and the UPDATE state at QUIT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMailbox } from '../helpers/mailbox.ts';
import { startPop3, USER } from './pop3-instance.ts';

const message = (subject: string, body = `About ${subject}.\r\n`): string => `From: Bob <bob@remote.test>\r\nTo: ${USER}\r\nSubject: ${subject}\r\n\r\n${body}`;

test('STAT, LIST and LIST n give the octets RETR sends, prefix and trace headers included', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('first'));
  await pop3.deliver(message('second', 'Line one.\r\nLine two.\r\n'));
  const stored = await readMailbox(pop3.dir, USER);
  const client = await pop3.loggedIn();
  const total = stored[0]!.size + stored[1]!.size;
  assert.equal(await client.command('STAT'), `+OK 2 ${total}`);
  const list = await client.multi('LIST');
  assert.equal(list.status, `+OK 2 messages (${total} octets)`);
  assert.deepEqual(list.lines, [`1 ${stored[0]!.size}`, `2 ${stored[1]!.size}`]);
  assert.equal(await client.command('LIST 2'), `+OK 2 ${stored[1]!.size}`);
  for (const [index, entry] of stored.entries()) {
    const retr = await client.multi(`RETR ${index + 1}`);
    assert.equal(retr.status, `+OK ${entry.size} octets`);
    assert.equal(retr.raw.length, entry.size);
    assert.equal(retr.raw.toString('latin1'), entry.text);
  }
  assert.equal(await client.command('QUIT'), '+OK Mailstead POP3 server signing off');
  await client.expectClose();
});

test('RETR byte-stuffs lines that begin with a dot and LIST still counts the unstuffed octets', async (t) => {
  const pop3 = await startPop3(t);
  const body = '.\r\n..\r\n.hidden\r\n..two dots\r\nplain . line\r\n. \r\n';
  await pop3.deliver(message('dots', body));
  const [stored] = await readMailbox(pop3.dir, USER);
  const client = await pop3.loggedIn();
  assert.equal(await client.command('LIST 1'), `+OK 1 ${stored!.size}`);
  const retr = await client.multi('RETR 1');
  const expectedWire = stored!.text.replace(/^\./gm, '..');
  assert.equal(retr.raw.toString('latin1'), expectedWire);
  assert.ok(retr.raw.toString().endsWith('\r\n\r\n..\r\n...\r\n..hidden\r\n...two dots\r\nplain . line\r\n.. \r\n'));
  assert.equal(retr.lines.join('\r\n') + '\r\n', stored!.text);
});

test('TOP sends the header section, the empty line and the first n body lines', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('top', 'one\r\n.two\r\nthree\r\n'));
  const [stored] = await readMailbox(pop3.dir, USER);
  const header = stored!.text.slice(0, stored!.text.indexOf('\r\n\r\n') + 4);
  const client = await pop3.loggedIn();
  const none = await client.multi('TOP 1 0');
  assert.equal(none.status, '+OK Top of message follows');
  assert.equal(none.raw.toString('latin1'), header);
  const two = await client.multi('TOP 1 2');
  assert.equal(two.raw.toString('latin1'), `${header}one\r\n..two\r\n`);
  const all = await client.multi('TOP 1 100');
  assert.equal(all.raw.toString('latin1'), `${header}one\r\n..two\r\nthree\r\n`);
  assert.equal(await client.command('TOP 9 1'), '-ERR No such message');
  assert.equal(await client.command('TOP 1'), '-ERR TOP takes a message number and a number of lines');
});

test('UIDL lists UIDVALIDITY.UID for every message and for one', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('a'));
  await pop3.deliver(message('b'));
  const client = await pop3.loggedIn();
  const listing = await client.multi('UIDL');
  assert.equal(listing.status, '+OK Unique-ID listing follows');
  assert.equal(listing.lines.length, 2);
  const [, validity] = /^1 (\d+)\.1$/.exec(listing.lines[0]!) ?? [];
  assert.ok(validity !== undefined, listing.lines[0]);
  assert.deepEqual(listing.lines, [`1 ${validity}.1`, `2 ${validity}.2`]);
  assert.equal(await client.command('UIDL 2'), `+OK 2 ${validity}.2`);
  assert.equal(await client.command('UIDL 3'), '-ERR No such message');
});

test('DELE marks a message: LIST, RETR, TOP, UIDL and DELE of it fail until RSET', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('a'));
  await pop3.deliver(message('b'));
  const stored = await readMailbox(pop3.dir, USER);
  const client = await pop3.loggedIn();
  assert.equal(await client.command('DELE 1'), '+OK Message 1 deleted');
  assert.equal(await client.command('DELE 1'), '-ERR Message 1 already deleted');
  assert.equal(await client.command('RETR 1'), '-ERR Message 1 already deleted');
  assert.equal(await client.command('TOP 1 0'), '-ERR Message 1 already deleted');
  assert.equal(await client.command('LIST 1'), '-ERR Message 1 already deleted');
  assert.equal(await client.command('UIDL 1'), '-ERR Message 1 already deleted');
  assert.equal(await client.command('STAT'), `+OK 1 ${stored[1]!.size}`);
  assert.deepEqual((await client.multi('LIST')).lines, [`2 ${stored[1]!.size}`]);
  assert.equal(await client.command('NOOP'), '+OK');
  assert.equal(await client.command('RSET'), `+OK Maildrop has 2 messages (${stored[0]!.size + stored[1]!.size} octets)`);
  assert.equal(await client.command(`LIST 1`), `+OK 1 ${stored[0]!.size}`);
  assert.equal(await client.command('QUIT'), '+OK Mailstead POP3 server signing off');
  assert.equal((await readMailbox(pop3.dir, USER)).length, 2);
});

test('DELE then QUIT removes the marked messages in the UPDATE state', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('a'));
  await pop3.deliver(message('b'));
  await pop3.deliver(message('c'));
  const client = await pop3.loggedIn();
  assert.equal(await client.command('DELE 1'), '+OK Message 1 deleted');
  assert.equal(await client.command('DELE 3'), '+OK Message 3 deleted');
  assert.equal(await client.command('QUIT'), '+OK Mailstead POP3 server signing off (2 messages deleted)');
  await client.expectClose();
  assert.deepEqual((await readMailbox(pop3.dir, USER)).map((m) => m.uid), [2]);
  const again = await pop3.loggedIn();
  assert.deepEqual((await again.multi('UIDL')).lines.map((l) => l.replace(/ \d+\./, ' ')), ['1 2']);
});

test('a dropped connection removes nothing, and releases the maildrop', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('a'));
  const client = await pop3.loggedIn();
  assert.equal(await client.command('DELE 1'), '+OK Message 1 deleted');
  client.close();
  const next = await pop3.loggedIn();
  assert.match(await next.command('STAT'), /^\+OK 1 \d+$/);
  assert.equal((await readMailbox(pop3.dir, USER)).length, 1);
});

test('message numbers that do not exist and malformed numbers get -ERR', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('a'));
  const client = await pop3.loggedIn();
  assert.equal(await client.command('RETR 0'), '-ERR No such message');
  assert.equal(await client.command('RETR 2'), '-ERR No such message');
  assert.equal(await client.command('LIST 7'), '-ERR No such message');
  assert.equal(await client.command('DELE x'), '-ERR DELE takes one message number');
  assert.equal(await client.command('RETR'), '-ERR RETR takes one message number');
  assert.equal(await client.command('LIST 1 2'), '-ERR LIST takes one message number');
  assert.equal(await client.command('STAT now'), '-ERR STAT takes no arguments');
});

test('pipelined commands in one write are answered in order (RFC 2449 PIPELINING)', async (t) => {
  const pop3 = await startPop3(t);
  await pop3.deliver(message('a'));
  await pop3.deliver(message('b'));
  const stored = await readMailbox(pop3.dir, USER);
  const client = await pop3.loggedIn();
  client.send('STAT\r\nLIST\r\nRETR 2\r\nDELE 1\r\nUIDL 1\r\nNOOP\r\nQUIT\r\n');
  assert.equal(await client.line(), `+OK 2 ${stored[0]!.size + stored[1]!.size}`);
  assert.deepEqual((await client.multiLine()).lines, [`1 ${stored[0]!.size}`, `2 ${stored[1]!.size}`]);
  assert.equal((await client.multiLine()).raw.toString('latin1'), stored[1]!.text);
  assert.equal(await client.line(), '+OK Message 1 deleted');
  assert.equal(await client.line(), '-ERR Message 1 already deleted');
  assert.equal(await client.line(), '+OK');
  assert.equal(await client.line(), '+OK Mailstead POP3 server signing off (1 message deleted)');
  await client.expectClose();
});

test('an empty maildrop has STAT 0 0 and an empty LIST', async (t) => {
  const pop3 = await startPop3(t);
  const client = await pop3.loggedIn();
  assert.equal(await client.command('STAT'), '+OK 0 0');
  const list = await client.multi('LIST');
  assert.equal(list.status, '+OK 0 messages (0 octets)');
  assert.deepEqual(list.lines, []);
});
