import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTransaction, smtpFor } from './fixture.ts';

test('closes an idle session after command_timeout with 421 4.4.2', async (t) => {
  const h = await smtpFor(t, { settings: { command_timeout: 200 } });
  const client = await h.client();
  await client.reply();
  assert.equal((await client.reply(2000)).raw, '421 4.4.2 mx.example.test Error: timeout exceeded\r\n');
  await client.expectClose();
});

test('closes a session that stalls inside DATA after data_timeout with 421 4.4.2 and aborts', async (t) => {
  const h = await smtpFor(t, { settings: { data_timeout: 200 } });
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  await client.command('DATA');
  client.send('Subject: slow\r\n');
  assert.equal((await client.reply(2000)).raw, '421 4.4.2 mx.example.test Error: timeout exceeded\r\n');
  await client.expectClose();
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
});

test('closes a session that stalls inside a BDAT chunk after data_timeout and aborts', async (t) => {
  const h = await smtpFor(t, { settings: { data_timeout: 200 } });
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', ['user@example.test']);
  client.send('BDAT 100 LAST\r\nonly a part');
  assert.equal((await client.reply(2000)).raw, '421 4.4.2 mx.example.test Error: timeout exceeded\r\n');
  await client.expectClose();
  assert.equal(await (await h.delivery.transaction(0)).settled(), 'aborted');
});
