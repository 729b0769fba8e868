import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { openTransaction, smtpFor } from './fixture.ts';

test('tells idle sessions 421 4.3.2 and closes them on shutdown', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  const closing = h.server.close(5000);
  assert.equal((await client.reply()).raw, '421 4.3.2 mx.example.test Service shutting down\r\n');
  await client.expectClose();
  await closing;
  assert.equal(h.server.connections, 0);
});

test('lets a session finish its transaction on shutdown, then closes it with 421 4.3.2', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  const closing = h.server.close(5000);
  client.send('x\r\n.\r\n');
  assert.deepEqual((await client.replies(2)).map((r) => r.raw), ['250 2.0.0 Ok: queued as 1\r\n', '421 4.3.2 mx.example.test Service shutting down\r\n']);
  await client.expectClose();
  await closing;
});

test('destroys a session still in its transaction when the grace period ends, and aborts it', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('partial');
  await h.server.close(100);
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
  assert.equal(h.server.connections, 0);
});

test('accepts no new connections once closed', async (t) => {
  const h = await smtpFor(t);
  await h.server.close(0);
  await assert.rejects(
    new Promise((resolve, reject) => {
      const socket = connect(h.port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    }),
    /ECONNREFUSED/,
  );
});
