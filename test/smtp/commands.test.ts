import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smtpFor } from './fixture.ts';

test('answers NOOP, with or without an argument, with 250 2.0.0', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('NOOP')).raw, '250 2.0.0 Ok\r\n');
  assert.equal((await client.command('NOOP anything')).raw, '250 2.0.0 Ok\r\n');
});

test('answers RSET with 250 2.0.0 and refuses arguments with 501 5.5.4', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('RSET')).raw, '250 2.0.0 Ok\r\n');
  assert.equal((await client.command('RSET now')).raw, '501 5.5.4 No parameters allowed\r\n');
});

test('aborts the transaction on RSET and keeps the greeting', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('MAIL FROM:<a@sender.example>');
  assert.equal((await client.command('RSET')).raw, '250 2.0.0 Ok\r\n');
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '250 2.1.0 Ok\r\n');
});

test('answers VRFY with 252 2.5.2 and never discloses whether a user exists', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('VRFY root')).raw, '252 2.5.2 Cannot VRFY user, but will accept message and attempt delivery\r\n');
  assert.equal((await client.command('VRFY')).raw, '501 5.5.4 Syntax: VRFY address\r\n');
});

test('refuses EXPN, and AUTH on a port 25 listener, with 502 5.5.1', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('EXPN staff')).raw, '502 5.5.1 Command not implemented\r\n');
  assert.equal((await client.command('AUTH PLAIN AGZvbwBiYXI=')).raw, '502 5.5.1 AUTH not available on this port\r\n');
});

test('answers HELP with 214 2.0.0', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('HELP')).raw, '214 2.0.0 See RFC 5321\r\n');
});

test('answers QUIT with 221 2.0.0 and closes', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('QUIT')).raw, '221 2.0.0 Bye\r\n');
  await client.expectClose();
});

test('aborts an open transaction on QUIT', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('MAIL FROM:<a@sender.example>');
  await client.command('QUIT');
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
});

test('refuses an unknown command with 500 5.5.2', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  assert.equal((await client.command('XYZZY')).raw, '500 5.5.2 Command unrecognized\r\n');
  assert.equal((await client.command('')).raw, '500 5.5.2 Command unrecognized\r\n');
});

test('accepts commands ending in a bare LF', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  client.send('NOOP\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok\r\n');
});

test('refuses a command with a NUL byte or invalid UTF-8 with 500 5.5.2 and goes on', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  client.send(Buffer.from('NO\0OP\r\n'));
  assert.equal((await client.reply()).raw, '500 5.5.2 Invalid characters in command\r\n');
  client.send(Buffer.from([0x45, 0x48, 0x4c, 0x4f, 0x20, 0xff, 0xfe, 0x0d, 0x0a]));
  assert.equal((await client.reply()).raw, '500 5.5.2 Invalid characters in command\r\n');
  assert.equal((await client.command('NOOP')).raw, '250 2.0.0 Ok\r\n');
});
