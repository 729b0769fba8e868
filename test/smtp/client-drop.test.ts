import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTransaction, smtpFor } from './fixture.ts';

test('aborts the transaction when the client drops mid-DATA', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('Subject: half\r\n\r\nhalf a mess');
  client.close();
  const tx = await h.delivery.transaction(0);
  assert.equal(await tx.settled(), 'aborted');
  assert.equal(h.delivery.messages.length, 0);
});

test('aborts the transaction when the client drops mid-BDAT', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  client.send('BDAT 5\r\nabcdeBDAT 100 LAST\r\nshort');
  await client.reply();
  client.close();
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
  assert.equal(h.delivery.messages.length, 0);
});

test('aborts the transaction when the client half-closes without ending the data', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('no end\r\n');
  client.socket.end();
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
});

test('runs pipelined commands sent just before the client half-closes', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.reply();
  client.send('EHLO client.example\r\nMAIL FROM:<a@sender.example>\r\nRCPT TO:<u@example.test>\r\nBDAT 2 LAST\r\nhiQUIT\r\n');
  client.socket.end();
  const replies = await client.replies(5);
  assert.deepEqual(replies.slice(1).map((r) => r.raw), ['250 2.1.0 Ok\r\n', '250 2.1.5 Ok\r\n', '250 2.0.0 Ok: queued as 1\r\n', '221 2.0.0 Bye\r\n']);
});
