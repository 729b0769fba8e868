import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RejectKind } from '../../src/delivery/types.ts';
import { openTransaction, smtpFor } from './fixture.ts';

test('accepts RCPT and adds the recipient to the delivery transaction', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  const replies = await openTransaction(client, 'a@sender.example', ['user@example.test', '"john doe"@example.test']);
  assert.deepEqual(replies.slice(2), ['250 2.1.5 Ok\r\n', '250 2.1.5 Ok\r\n']);
  assert.deepEqual((await h.delivery.transaction(0)).recipients, ['user@example.test', '"john doe"@example.test']);
});

test('refuses RCPT before MAIL with 503 5.5.1', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await client.greetAndEhlo();
  assert.equal((await client.command('RCPT TO:<user@example.test>')).raw, '503 5.5.1 Need MAIL command\r\n');
});

test('accepts <Postmaster> without a domain and passes "postmaster"', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  const replies = await openTransaction(client, 'a@sender.example', ['Postmaster']);
  assert.equal(replies[2], '250 2.1.5 Ok\r\n');
  assert.deepEqual((await h.delivery.transaction(0)).recipients, ['postmaster']);
});

const verdicts: Array<[RejectKind, string]> = [
  ['unknown-recipient', '550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown\r\n'],
  ['relay-denied', '554 5.7.1 <nobody@example.test>: Relay access denied\r\n'],
  ['over-quota', '452 4.2.2 <nobody@example.test>: Recipient address rejected: Mailbox full\r\n'],
  ['alias-loop', '550 5.4.6 <nobody@example.test>: Recipient address rejected: Alias expansion loop\r\n'],
  ['temporary-failure', '451 4.3.0 <nobody@example.test>: Recipient address rejected: Temporary failure, try again later\r\n'],
];

for (const [kind, reply] of verdicts) {
  test(`refuses RCPT that delivery answers ${kind} with ${reply.slice(0, 9)}, naming the address`, async (t) => {
    const h = await smtpFor(t);
    h.delivery.refuse('nobody@example.test', kind);
    const client = await h.client();
    const replies = await openTransaction(client, 'a@sender.example', ['nobody@example.test']);
    assert.equal(replies[2], reply);
    assert.deepEqual((await h.delivery.transaction(0)).recipients, []);
  });
}

test('refuses a bad recipient path with 501 5.1.3', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  for (const path of ['<>', 'user@example.test', '<user@>', '<user@exa mple.test>']) {
    assert.equal((await client.command(`RCPT TO:${path}`)).raw, '501 5.1.3 Bad recipient address syntax\r\n', path);
  }
});

test('refuses unknown RCPT parameters with 555 5.5.4', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  assert.equal((await client.command('RCPT TO:<user@example.test> RRVS=2014-04-03T23:01:00Z')).raw, '555 5.5.4 Unsupported parameter\r\n');
});

test('refuses a non-ASCII recipient with 553 5.6.7 unless MAIL had SMTPUTF8', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  await openTransaction(client, 'a@sender.example', []);
  assert.equal((await client.command('RCPT TO:<jörg@example.test>')).raw, '553 5.6.7 Non-ASCII addresses require SMTPUTF8\r\n');
  await client.command('RSET');
  assert.equal((await client.command('MAIL FROM:<a@sender.example> SMTPUTF8')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await client.command('RCPT TO:<jörg@example.test>')).raw, '250 2.1.5 Ok\r\n');
  assert.deepEqual((await h.delivery.transaction(1)).recipients, ['jörg@example.test']);
});

test('refuses recipients past max_recipients with 452 4.5.3 without asking delivery', async (t) => {
  const h = await smtpFor(t, { settings: { max_recipients: 2 } });
  const client = await h.client();
  const replies = await openTransaction(client, 'a@sender.example', ['a@example.test', 'b@example.test', 'c@example.test']);
  assert.deepEqual(replies.slice(2), ['250 2.1.5 Ok\r\n', '250 2.1.5 Ok\r\n', '452 4.5.3 Too many recipients\r\n']);
  assert.deepEqual((await h.delivery.transaction(0)).recipients, ['a@example.test', 'b@example.test']);
});

test('accepts the same recipient twice with 250 but delivers to it once', async (t) => {
  const h = await smtpFor(t);
  const client = await h.client();
  const replies = await openTransaction(client, 'a@sender.example', ['user@example.test', 'USER@example.test']);
  assert.deepEqual(replies.slice(2), ['250 2.1.5 Ok\r\n', '250 2.1.5 Ok\r\n']);
  assert.deepEqual((await h.delivery.transaction(0)).recipients, ['user@example.test']);
});
