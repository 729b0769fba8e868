import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeMxFor } from '../helpers/fake-mx.ts';
import { BODY, destination, EHLO_NAME, message, MX_HOST, transferFor } from './transfer-fixture.ts';

test('delivers all recipients of a destination in one session and one transaction', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test', 'b@remote.test', 'c@remote.test']));

  assert.deepEqual(
    result.recipients.map((r) => [r.address, r.outcome, r.status]),
    [
      ['a@remote.test', 'delivered', '2.0.0'],
      ['b@remote.test', 'delivered', '2.0.0'],
      ['c@remote.test', 'delivered', '2.0.0'],
    ],
  );
  assert.deepEqual(result.recipients[0]!.reply, { code: 250, enhanced: '2.0.0', text: 'Ok: queued as 1', host: MX_HOST, address: '127.0.0.1', step: 'end of DATA' });
  assert.equal(result.recipients[0]!.detail, `host ${MX_HOST}[127.0.0.1]:${fake.port} said: 250 2.0.0 Ok: queued as 1 (in reply to end of DATA command)`);
  assert.deepEqual(result.server, { host: MX_HOST, address: '127.0.0.1', port: fake.port });
  assert.deepEqual(result.attempts, [{ host: MX_HOST, address: '127.0.0.1', port: fake.port, result: 'session' }]);
  assert.equal(fake.connections(), 1);
  assert.equal(fake.sessions.length, 1);
  const [tx] = fake.transactions();
  assert.equal(fake.transactions().length, 1);
  assert.equal(tx!.mailFrom, 'sender@local.test');
  assert.deepEqual(
    tx!.rcptTo.map((r) => r.address),
    ['a@remote.test', 'b@remote.test', 'c@remote.test'],
  );
  // Dot-stuffed on the wire, unstuffed by the server: the bytes arrive as stored.
  assert.equal(tx!.body!.toString('utf8'), BODY);
  assert.equal(fake.sessions[0]!.helo, EHLO_NAME);
});

test('gives each recipient its own reply: partial success with 250, 5xx and 4xx', async (t) => {
  const fake = await fakeMxFor(t, {
    script: {
      rcptTo: (address) =>
        address === 'gone@remote.test'
          ? { code: 550, text: '5.1.1 <gone@remote.test>: Recipient address rejected: User unknown' }
          : address === 'full@remote.test'
            ? { code: 452, text: '4.2.2 Mailbox full' }
            : null,
    },
  });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['ok@remote.test', 'gone@remote.test', 'full@remote.test']));

  const [ok, gone, full] = result.recipients;
  assert.equal(ok!.outcome, 'delivered');
  assert.deepEqual(gone, {
    address: 'gone@remote.test',
    outcome: 'permanent',
    status: '5.1.1',
    reply: { code: 550, enhanced: '5.1.1', text: '<gone@remote.test>: Recipient address rejected: User unknown', host: MX_HOST, address: '127.0.0.1', step: 'RCPT TO' },
    detail: `host ${MX_HOST}[127.0.0.1]:${fake.port} said: 550 5.1.1 <gone@remote.test>: Recipient address rejected: User unknown (in reply to RCPT TO command)`,
  });
  assert.equal(full!.outcome, 'temporary');
  assert.equal(full!.status, '4.2.2');
  assert.equal(full!.reply!.text, 'Mailbox full');
  const [tx] = fake.transactions();
  assert.deepEqual(
    tx!.rcptTo.map((r) => r.reply),
    ['250 Accepted', '550 5.1.1 <gone@remote.test>: Recipient address rejected: User unknown', '452 4.2.2 Mailbox full'],
  );
  assert.notEqual(tx!.body, null, 'the accepted recipient still gets the message');
});

test('answers 4xx first and delivers on the next attempt (greylisting)', async (t) => {
  const fake = await fakeMxFor(t, {
    script: { rcptTo: (_address, session) => (session.connection === 1 ? { code: 451, text: '4.7.1 Greylisted, please try again later' } : null) },
  });
  const { transfer } = transferFor(t);
  const first = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(first.recipients[0]!.outcome, 'temporary');
  assert.equal(first.recipients[0]!.status, '4.7.1');
  assert.equal(first.recipients[0]!.reply!.text, 'Greylisted, please try again later');
  assert.equal(fake.transactions()[0]!.body, null, 'no DATA without an accepted recipient');

  transfer.close();
  const { transfer: later } = transferFor(t);
  const second = await later.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(second.recipients[0]!.outcome, 'delivered');
  assert.equal(fake.connections(), 2);
});

test('a refused MAIL FROM decides every recipient with its reply', async (t) => {
  const fake = await fakeMxFor(t, { script: { mailFrom: () => ({ code: 550, text: '5.7.1 Sender rejected by policy' }) } });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test', 'b@remote.test']));
  for (const recipient of result.recipients) {
    assert.equal(recipient.outcome, 'permanent');
    assert.equal(recipient.status, '5.7.1');
    assert.equal(recipient.reply!.step, 'MAIL FROM');
    assert.equal(recipient.reply!.text, 'Sender rejected by policy');
  }
});

test('a refused message after DATA fails every accepted recipient with the final reply', async (t) => {
  const fake = await fakeMxFor(t, { script: { data: () => ({ code: 554, text: '5.7.1 Message rejected as spam' }) } });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test', 'b@remote.test']));
  assert.deepEqual(
    result.recipients.map((r) => [r.outcome, r.status, r.reply?.step, r.reply?.text]),
    [
      ['permanent', '5.7.1', 'end of DATA', 'Message rejected as spam'],
      ['permanent', '5.7.1', 'end of DATA', 'Message rejected as spam'],
    ],
  );
});

test('derives the status from the basic code when the reply has no enhanced code', async (t) => {
  const fake = await fakeMxFor(t, { script: { rcptTo: () => ({ code: 550, text: 'No such user' }) } });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.status, '5.0.0');
  assert.equal(result.recipients[0]!.reply!.enhanced, null);
  assert.equal(result.recipients[0]!.reply!.text, 'No such user');
});

test('passes NOTIFY, ORCPT, RET and ENVID when the server offers DSN and records that it did', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(
    destination(fake.port),
    message(
      [
        { address: 'a@remote.test', notify: ['SUCCESS', 'FAILURE'], orcpt: { type: 'rfc822', address: 'alias+x@local.test' } },
        { address: 'b@remote.test', notify: ['NEVER'] },
      ],
      { ret: 'HDRS', envid: 'QQ 123=' },
    ),
  );
  assert.equal(result.dsn, true);
  const [tx] = fake.transactions();
  assert.equal(tx!.mailArgs.RET, 'HDRS');
  assert.equal(tx!.mailArgs.ENVID, 'QQ 123=', 'sent as the xtext QQ+20123+3D');
  assert.deepEqual(tx!.rcptTo[0]!.notify, ['SUCCESS', 'FAILURE']);
  assert.equal(tx!.rcptTo[0]!.orcpt, 'rfc822;alias+x@local.test', 'sent as the xtext alias+2Bx@local.test');
  assert.deepEqual(tx!.rcptTo[1]!.notify, ['NEVER']);
  assert.equal(tx!.rcptTo[1]!.orcpt, null);
});

test('leaves DSN parameters out when the server does not offer DSN, and says so', async (t) => {
  const fake = await fakeMxFor(t, { hideDsn: true });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message([{ address: 'a@remote.test', notify: ['SUCCESS'] }], { ret: 'FULL', envid: 'x' }));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.dsn, false);
  const [tx] = fake.transactions();
  assert.equal(tx!.mailArgs.RET, undefined);
  assert.equal(tx!.rcptTo[0]!.args.NOTIFY, undefined);
});

test('declares BODY=8BITMIME and SIZE when the message is 8-bit and the server offers them', async (t) => {
  const fake = await fakeMxFor(t, { size: 10_000_000 });
  const { transfer } = transferFor(t);
  const body = 'Subject: caf\u00e9\r\n\r\ncaf\u00e9\r\n';
  await transfer.deliver(destination(fake.port), message(['a@remote.test'], { body, eightBit: true }));
  const [tx] = fake.transactions();
  assert.equal(tx!.mailArgs.BODY, '8BITMIME');
  assert.equal(tx!.mailArgs.SIZE, String(Buffer.byteLength(body)));
  assert.equal(tx!.body!.toString('utf8'), body);
});

test('sends 8-bit data unchanged to a server without 8BITMIME', async (t) => {
  const fake = await fakeMxFor(t, { hide8BitMime: true });
  const { transfer } = transferFor(t);
  const body = 'Subject: x\r\n\r\ncaf\u00e9\r\n';
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test'], { body, eightBit: true }));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  const [tx] = fake.transactions();
  assert.equal(tx!.mailArgs.BODY, undefined);
  assert.equal(tx!.body!.toString('utf8'), body);
});

test('uses SMTPUTF8 for a non-ASCII recipient when the server offers it', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['j\u00f6rg@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  const [tx] = fake.transactions();
  assert.equal(tx!.mailArgs.SMTPUTF8, true);
  assert.equal(tx!.mailArgs.BODY, '8BITMIME');
  assert.equal(tx!.rcptTo[0]!.address, 'j\u00f6rg@remote.test');
});

test('fails permanently with 5.6.7 when the message needs SMTPUTF8 and the server does not offer it', async (t) => {
  const fake = await fakeMxFor(t, { hideSmtpUtf8: true });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test', 'b@remote.test'], { smtpUtf8: true, body: 'Subject: \u00fcber\r\n\r\nx\r\n' }));
  for (const recipient of result.recipients) {
    assert.equal(recipient.outcome, 'permanent');
    assert.equal(recipient.status, '5.6.7');
    assert.equal(recipient.reply, null);
    assert.equal(recipient.detail, `SMTPUTF8 is required, but was not offered by host ${MX_HOST}[127.0.0.1]:${fake.port}`);
  }
  assert.equal(fake.transactions().length, 0, 'no MAIL FROM was sent');
});

test('fails permanently with 5.3.4 when the message is larger than the server says it takes', async (t) => {
  const fake = await fakeMxFor(t, { size: 20 });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'permanent');
  assert.equal(result.recipients[0]!.status, '5.3.4');
  assert.match(result.recipients[0]!.detail, /^message size \d+ exceeds size limit 20 of server /);
  assert.equal(fake.transactions().length, 0);
});

test('refuses an address that could break the command line without connecting', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test>\r\nDATA', 'b@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'permanent');
  assert.equal(result.recipients[0]!.status, '5.1.3');
  assert.equal(result.recipients[1]!.outcome, 'delivered');
  assert.deepEqual(
    fake.transactions()[0]!.rcptTo.map((r) => r.address),
    ['b@remote.test'],
  );
});

test('delivers the null sender of a bounce as MAIL FROM:<>', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test'], { sender: '' }));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(fake.transactions()[0]!.mailFrom, '');
});

test('sends recipients one by one to a server without PIPELINING', async (t) => {
  const fake = await fakeMxFor(t, { hidePipelining: true, script: { rcptTo: (address) => (address.startsWith('x') ? { code: 550, text: '5.1.1 Unknown' } : null) } });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test', 'x@remote.test', 'b@remote.test']));
  assert.deepEqual(
    result.recipients.map((r) => r.outcome),
    ['delivered', 'permanent', 'delivered'],
  );
});

test('binds the configured source address and logs the delivery id but never the message', async (t) => {
  const fake = await fakeMxFor(t);
  const harness = transferFor(t, { localAddress: { ipv4: '127.0.0.1' } });
  const result = await harness.transfer.deliver(destination(fake.port), message(['a@remote.test'], { id: 'Q42' }));
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(fake.sessions[0]!.remoteAddress, '127.0.0.1');
  const finished = harness.logs.find((line) => line.msg === 'delivery attempt finished');
  assert.equal(finished?.delivery, 'Q42');
  assert.equal(finished?.delivered, 1);
  assert.ok(!harness.logText().includes('leading dot'), 'no message content in the log');
});
