import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NetworkList } from '../../src/util/cidr.ts';
import { defaultSettings, openTransaction, smtpFor } from './fixture.ts';

test('applies reloaded settings to transactions that start after the reload', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('MAIL FROM:<a@sender.example>');
  h.server.reconfigure({ ...defaultSettings(), max_recipients: 1, max_message_size: 500 }, new NetworkList(['127.0.0.1']));
  assert.equal((await client.command('RCPT TO:<one@example.test>')).raw, '250 2.1.5 Ok\r\n');
  assert.equal((await client.command('RCPT TO:<two@example.test>')).raw, '250 2.1.5 Ok\r\n');
  await client.command('RSET');
  assert.equal((await client.command('MAIL FROM:<a@sender.example> SIZE=501')).raw, '552 5.3.4 Message too big\r\n');
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await client.command('RCPT TO:<one@example.test>')).raw, '250 2.1.5 Ok\r\n');
  assert.equal((await client.command('RCPT TO:<two@example.test>')).raw, '452 4.5.3 Too many recipients\r\n');
  assert.equal((await h.delivery.transaction(1)).envelope.client.inRelayNetwork, true);
  assert.match((await client.command('EHLO client.example')).raw, /250-SIZE 500\r\n/);
});

test('applies reloaded limits to sessions that start after the reload', async (t) => {
  const h = await smtpFor(t);
  h.server.reconfigure({ ...defaultSettings(), max_connections_per_ip: 1 }, new NetworkList([]));
  const first = await h.client();
  await openTransaction(first, 'a@sender.example', []);
  const second = await h.client();
  assert.equal((await second.reply()).raw, '421 4.7.0 Too many connections\r\n');
});
