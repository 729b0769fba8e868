import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import { openTransaction, smtpFor } from './fixture.ts';

const LINE = `${'0123456789'.repeat(7)}\r\n`;

test('streams a large message to a slow delivery in bounded writes', async (t) => {
  const h = await smtpFor(t);
  h.delivery.beforeWrite = () => nextTurn();
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  const lines = 40_000;
  client.send(`${LINE.repeat(lines)}.\r\n`);
  assert.equal((await client.reply(20_000)).raw, '250 2.0.0 Ok: queued as 1\r\n');
  const tx = h.delivery.messages[0]!;
  const header = tx.chunks[0]!.length;
  assert.equal(tx.body.length - header, LINE.length * lines);
  assert.ok(Math.max(...tx.chunks.map((chunk) => chunk.length)) <= 64 * 1024);
});

test('streams a large BDAT chunk in bounded writes', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  const body = LINE.repeat(20_000);
  client.send(`BDAT ${body.length} LAST\r\n${body}`);
  assert.equal((await client.reply(20_000)).raw, '250 2.0.0 Ok: queued as 1\r\n');
  const tx = h.delivery.messages[0]!;
  assert.equal(tx.body.length - tx.chunks[0]!.length, body.length);
  assert.ok(Math.max(...tx.chunks.map((chunk) => chunk.length)) <= 64 * 1024);
});
