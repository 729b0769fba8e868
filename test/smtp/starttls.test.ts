import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOSTNAME, smtpFor, testTlsProvider } from './fixture.ts';

const EXTENSIONS = `250-${HOSTNAME}\r\n250-PIPELINING\r\n250-SIZE 26214400\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250-CHUNKING`;

test('advertises STARTTLS on a starttls listener with a certificate', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'starttls' } });
  const client = await h.client();
  assert.equal((await client.greetAndEhlo()).raw, `${EXTENSIONS}\r\n250 STARTTLS\r\n`);
});

test('upgrades with STARTTLS, forgets the EHLO, stops advertising STARTTLS and notes TLS in Received', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'starttls' } });
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('STARTTLS')).raw, '220 2.0.0 Ready to start TLS\r\n');
  await client.startTls();
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '503 5.5.1 Send HELO/EHLO first\r\n');
  assert.equal((await client.command('EHLO client.example')).raw, `${EXTENSIONS.replace('250-CHUNKING', '250 CHUNKING')}\r\n`);
  await client.command('MAIL FROM:<a@sender.example>');
  await client.command('RCPT TO:<user@example.test>');
  await client.command('DATA');
  client.send('x\r\n.\r\n');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok: queued as 1\r\n');
  const tx = h.delivery.messages[0]!;
  const cipher = client.encrypted!.getCipher().standardName;
  const protocol = client.encrypted!.getProtocol();
  assert.deepEqual(tx.envelope.client.tls, { protocol, cipher });
  assert.equal(
    tx.body.toString(),
    'Received: from client.example ([127.0.0.1])\r\n' +
      `\t(using ${protocol} with cipher ${cipher})\r\n` +
      `\tby mx.example.test (Mailstead) with ESMTPS id ${tx.envelope.client.sessionId}-1\r\n` +
      '\tfor <user@example.test>; Tue, 2 Jan 2024 10:00:00 +0000\r\nx\r\n',
  );
});

test('discards commands pipelined after STARTTLS before the handshake', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'starttls' } });
  const client = await h.client();
  await client.greetAndEhlo();
  client.send('STARTTLS\r\nMAIL FROM:<injected@attacker.example>\r\n');
  assert.equal((await client.reply()).raw, '220 2.0.0 Ready to start TLS\r\n');
  await client.startTls();
  await client.command('EHLO client.example');
  assert.equal((await client.command('RCPT TO:<user@example.test>')).raw, '503 5.5.1 Need MAIL command\r\n');
  assert.equal(h.delivery.transactions.length, 0);
});

test('refuses STARTTLS where it is not offered with 502 5.5.1', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'none' } });
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('STARTTLS')).raw, '502 5.5.1 STARTTLS not available\r\n');
});

test('refuses STARTTLS without a certificate with 502 5.5.1', async (t) => {
  const h = await smtpFor(t, { tls: null, listener: { tls: 'starttls' } });
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('STARTTLS')).raw, '502 5.5.1 STARTTLS not available\r\n');
});

test('refuses STARTTLS once TLS is active with 503 5.5.1', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'starttls' } });
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('STARTTLS');
  await client.startTls();
  assert.equal((await client.command('STARTTLS')).raw, '503 5.5.1 TLS already active\r\n');
});

test('refuses STARTTLS with a parameter with 501 5.5.4 and inside a transaction with 503 5.5.1', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'starttls' } });
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('STARTTLS now')).raw, '501 5.5.4 No parameters allowed\r\n');
  await client.command('MAIL FROM:<a@sender.example>');
  assert.equal((await client.command('STARTTLS')).raw, '503 5.5.1 Bad sequence of commands\r\n');
});

test('answers 454 4.7.0 when the certificate cannot be loaded', async (t) => {
  const h = await smtpFor(t, {
    tls: {
      secureContext() {
        throw new Error('no certificate');
      },
      minVersion: 'TLSv1.2',
    },
    listener: { tls: 'starttls' },
  });
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('STARTTLS')).raw, '454 4.7.0 TLS not available due to temporary reason\r\n');
});

test('closes the connection when the TLS handshake fails', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'starttls' } });
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('STARTTLS');
  client.send('this is not a TLS ClientHello\r\n\r\n');
  await client.expectClose();
  await h.close();
  assert.equal(h.logs.find((line) => line.msg === 'disconnect')?.reason, 'tls-failed');
});

test('refuses MAIL before STARTTLS on an encryption = "required" listener with 530 5.7.0', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'starttls', encryption: 'required' } });
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '530 5.7.0 Must issue a STARTTLS command first\r\n');
  await client.command('STARTTLS');
  await client.startTls();
  await client.command('EHLO client.example');
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '250 2.1.0 Ok\r\n');
});

test('speaks TLS from the first byte on an implicit-TLS listener', async (t) => {
  const h = await smtpFor(t, { tls: await testTlsProvider(), listener: { tls: 'implicit' } });
  const client = await h.client();
  assert.ok(client.encrypted);
  assert.equal((await client.greetAndEhlo()).raw, `${EXTENSIONS.replace('250-CHUNKING', '250 CHUNKING')}\r\n`);
  assert.equal((await client.command('STARTTLS')).raw, '503 5.5.1 TLS already active\r\n');
  await client.command('MAIL FROM:<a@sender.example>');
  await client.command('RCPT TO:<user@example.test>');
  client.send('BDAT 1 LAST\r\nx');
  assert.equal((await client.reply()).raw, '250 2.0.0 Ok: queued as 1\r\n');
  assert.match(h.delivery.messages[0]!.body.toString(), /with ESMTPS id/);
});

test('refuses to open an implicit-TLS listener without a certificate', async (t) => {
  const h = await smtpFor(t);
  await assert.rejects(h.server.listen({ protocol: 'smtp', address: '127.0.0.1', port: 0, tls: 'implicit' }), /needs a certificate/);
});
