// The whole inbound path on a running server: real clients → SMTP → router → store → mailbox.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { createInstance, startInProcess, type Instance } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import type { RunningServer } from '../../src/server/index.ts';

let instance: Instance;
let server: RunningServer;
let port: number;

before(async () => {
  instance = await createInstance({
    domains: ['example.test'],
    accounts: [{ address: 'alice@example.test', isAdmin: true }, { address: 'bob@example.test' }],
    aliases: [{ address: 'team@example.test', targets: ['alice@example.test', 'bob@example.test'] }],
  });
  ({ server, smtpPort: port } = await startInProcess(instance.dir));
});

after(async () => {
  await server.stop();
  await instance.cleanup();
});

test('nodemailer over STARTTLS delivers into the INBOX with Return-Path, Delivered-To and Received', async () => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
  const info = await transport.sendMail({ from: 'sender@remote.test', to: 'alice@example.test', subject: 'Hello Alice', text: 'First line\n.dot line\n' });
  assert.match(info.response, /^250 2\.0\.0 /);
  const [message] = await readMailbox(instance.dir, 'alice@example.test');
  assert.ok(message);
  const lines = message.text.split('\r\n');
  assert.equal(lines[0], 'Return-Path: <sender@remote.test>');
  assert.equal(lines[1], 'Delivered-To: alice@example.test');
  assert.match(lines[2]!, /^Received: from /);
  assert.match(message.text, /using TLSv1\.[23]/);
  assert.match(message.text, /\r\nSubject: Hello Alice\r\n/);
  assert.match(message.text, /\r\n\.dot line\r\n/);
  assert.equal(Buffer.byteLength(message.text, 'latin1'), message.size);
});

test('an alias fan-out is stored once and appears in each mailbox', async () => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  await transport.sendMail({ from: 'x@remote.test', to: 'team@example.test', subject: 'Team news', text: 'hi' });
  const alice = (await readMailbox(instance.dir, 'alice@example.test')).find((m) => m.text.includes('Team news'));
  const bob = (await readMailbox(instance.dir, 'bob@example.test')).find((m) => m.text.includes('Team news'));
  assert.ok(alice && bob);
  const body = (text: string) => text.slice(text.indexOf('Received:'));
  assert.equal(body(alice.text), body(bob.text));
  assert.match(alice.text, /^Return-Path: <x@remote\.test>\r\nDelivered-To: alice@example\.test\r\n/);
  assert.match(bob.text, /^Return-Path: <x@remote\.test>\r\nDelivered-To: bob@example\.test\r\n/);
});

test('rejects a relay attempt and an unknown user with their exact replies', async () => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  await assert.rejects(transport.sendMail({ from: 'x@remote.test', to: 'someone@elsewhere.test', text: 'relay?' }), (err: Error & { response?: string }) => {
    assert.match(err.response ?? '', /^554 5\.7\.1 /);
    return true;
  });
  await assert.rejects(transport.sendMail({ from: 'x@remote.test', to: 'nobody@example.test', text: 'who?' }), (err: Error & { response?: string }) => {
    assert.match(err.response ?? '', /^550 5\.1\.1 /);
    return true;
  });
});
