// A real SMTP client against the server: nodemailer's SMTP transport.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import nodemailer from 'nodemailer';
import { smtpFor, testTlsProvider } from './fixture.ts';

const RAW =
  'From: Alice <alice@sender.example>\r\n' +
  'To: Bob <bob@example.test>\r\n' +
  'Subject: Hello from nodemailer\r\n' +
  'Message-ID: <1@sender.example>\r\n' +
  '\r\n' +
  '.a line that starts with a dot\r\n' +
  '.\r\n' +
  'caf\u00e9 and the end\r\n';

test('receives the exact bytes nodemailer sends, after our Received header', async (t) => {
  const h = await smtpFor(t);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: h.port, secure: false, ignoreTLS: true, name: 'client.example' });
  t.after(() => transport.close());
  const info = await transport.sendMail({ envelope: { from: 'alice@sender.example', to: ['bob@example.test'] }, raw: RAW });
  assert.equal(info.response, '250 2.0.0 Ok: queued as 1');
  const tx = h.delivery.messages[0]!;
  assert.equal(tx.envelope.sender, 'alice@sender.example');
  assert.deepEqual(tx.recipients, ['bob@example.test']);
  assert.equal(
    tx.body.toString('utf8'),
    'Received: from client.example ([127.0.0.1]) by mx.example.test (Mailstead)\r\n' +
      `\twith ESMTP id ${tx.envelope.client.sessionId}-1 for <bob@example.test>;\r\n` +
      '\tTue, 2 Jan 2024 10:00:00 +0000\r\n' +
      RAW,
  );
});

test('receives a composed message from nodemailer over STARTTLS', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'starttls' } });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: h.port,
    secure: false,
    requireTLS: true,
    name: 'client.example',
    tls: { rejectUnauthorized: false },
  });
  t.after(() => transport.close());
  const info = await transport.sendMail({
    from: 'alice@sender.example',
    to: ['bob@example.test', 'carol@example.test'],
    subject: 'Composed',
    text: 'Hello\n.\nBye',
  });
  assert.equal(info.response, '250 2.0.0 Ok: queued as 1');
  const body = h.delivery.messages[0]!.body.toString('utf8');
  assert.match(body, /^Received: from client\.example \(\[127\.0\.0\.1\]\)\r\n\t\(using TLSv1\.[23] with cipher \S+\)\r\n\tby mx\.example\.test \(Mailstead\) with ESMTPS id /);
  assert.match(body, /\r\nSubject: Composed\r\n/);
  assert.match(body, /\r\n\r\nHello\r\n\.\r\nBye\r\n$/);
});
