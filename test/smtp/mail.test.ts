import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smtpFor } from './fixture.ts';

test('accepts MAIL and starts a delivery transaction with the envelope', async (t) => {
  const h = await smtpFor(t, { relayNetworks: ['127.0.0.0/8'] });
  const client = await h.client();
  await client.greetAndEhlo('client.example');
  assert.equal((await client.command('MAIL FROM:<Sender@Example.test> SIZE=1234 BODY=8BITMIME')).raw, '250 2.1.0 Ok\r\n');
  const tx = await h.delivery.transaction(0);
  const { sessionId, port, ...client_ } = tx.envelope.client;
  assert.equal(typeof sessionId, 'string');
  assert.equal(typeof port, 'number');
  assert.deepEqual(
    { sender: tx.envelope.sender, declaredSize: tx.envelope.declaredSize, client: client_ },
    {
      sender: 'Sender@Example.test',
      declaredSize: 1234,
      client: { address: '127.0.0.1', helo: 'client.example', tls: null, authenticatedAs: null, inRelayNetwork: true, local: false },
    },
  );
});

test('accepts the null reverse-path', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<>')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await h.delivery.transaction(0)).envelope.sender, '');
});

test('marks clients outside relay_networks', async (t) => {
  const h = await smtpFor(t, { relayNetworks: ['192.0.2.0/24'] });
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('MAIL FROM:<a@sender.example>');
  assert.equal((await h.delivery.transaction(0)).envelope.client.inRelayNetwork, false);
});

test('drops a source route and unquotes a quoted local part that needs no quotes', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<@relay.example,@other.example:"plain"@sender.example>')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await h.delivery.transaction(0)).envelope.sender, 'plain@sender.example');
});

test('refuses a nested MAIL with 503 5.5.1', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  await client.command('MAIL FROM:<a@sender.example>');
  assert.equal((await client.command('MAIL FROM:<b@sender.example>')).raw, '503 5.5.1 Nested MAIL command\r\n');
});

test('refuses a bad sender path with 501 5.1.7', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  for (const path of ['a@sender.example', '<a@@sender.example>', '<a@sender.example', '<a..b@sender.example>', '<postmaster>']) {
    assert.equal((await client.command(`MAIL FROM:${path}`)).raw, '501 5.1.7 Bad sender address syntax\r\n', path);
  }
  assert.equal(h.delivery.transactions.length, 0);
});

test('refuses MAIL without FROM: with 501 5.5.4', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL <a@sender.example>')).raw, '501 5.5.4 Syntax: MAIL FROM:<address>\r\n');
});

test('refuses unknown MAIL parameters with 555 5.5.4', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<a@sender.example> REQUIRETLS')).raw, '555 5.5.4 Unsupported parameter\r\n');
  assert.equal((await client.command('MAIL FROM:<a@sender.example> BODY=BINARYMIME')).raw, '555 5.5.4 Unsupported parameter\r\n');
});

test('refuses malformed MAIL parameters with 501 5.5.4', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  for (const params of ['SIZE=abc', 'SIZE', 'SMTPUTF8=yes', 'SIZE=1 SIZE=2', 'BODY']) {
    assert.equal((await client.command(`MAIL FROM:<a@sender.example> ${params}`)).raw, '501 5.5.4 Syntax error in parameters\r\n', params);
  }
});

test('refuses a declared SIZE over max_message_size with 552 5.3.4', async (t) => {
  const h = await smtpFor(t, { settings: { max_message_size: 1000 } });
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<a@sender.example> SIZE=1001')).raw, '552 5.3.4 Message too big\r\n');
  assert.equal((await client.command('MAIL FROM:<a@sender.example> SIZE=1000')).raw, '250 2.1.0 Ok\r\n');
});

test('refuses a non-ASCII sender without SMTPUTF8 with 553 5.6.7 and accepts it with SMTPUTF8', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<jörg@bücher.example>')).raw, '553 5.6.7 Non-ASCII addresses require SMTPUTF8\r\n');
  assert.equal((await client.command('MAIL FROM:<jörg@bücher.example> SMTPUTF8')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await h.delivery.transaction(0)).envelope.sender, 'jörg@bücher.example');
});

test('answers 451 4.3.0 when starting the delivery transaction throws, and logs the stack', async (t) => {
  const h = await smtpFor(t);
  h.delivery.start = async () => {
    throw new Error('store unavailable');
  };
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('MAIL FROM:<a@sender.example>')).raw, '451 4.3.0 Temporary failure, try again later\r\n');
  assert.equal((await client.command('RCPT TO:<u@example.test>')).raw, '503 5.5.1 Need MAIL command\r\n');
  const logged = h.logs.find((line) => line.msg === 'command failed') as { err?: { stack?: string } } | undefined;
  assert.match(logged?.err?.stack ?? '', /store unavailable/);
});
