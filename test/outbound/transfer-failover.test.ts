import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { closedPort, fakeMxFor, silentServer } from '../helpers/fake-mx.ts';
import { destination, message, MX_HOST, transferFor } from './transfer-fixture.ts';

test('defers every recipient with 4.4.1 when the only server is down', async (t) => {
  const port = await closedPort();
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(port), message(['a@remote.test', 'b@remote.test']));
  for (const recipient of result.recipients) {
    assert.equal(recipient.outcome, 'temporary');
    assert.equal(recipient.status, '4.4.1');
    assert.equal(recipient.reply, null);
    assert.match(recipient.detail, new RegExp(`^connect to ${MX_HOST}\\[127\\.0\\.0\\.1\\]:${port} failed: .*ECONNREFUSED`));
  }
  assert.equal(result.server, null);
  assert.equal(result.tls, null);
  assert.equal(result.attempts.length, 1);
  assert.equal(result.attempts[0]!.result, 'failed');
});

test('fails over to the second address of a host when the first is down', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  // 127.0.0.2 is loopback too, but the fake listens on 127.0.0.1 only: connection refused.
  const result = await transfer.deliver(
    destination(fake.port, { candidates: [{ host: MX_HOST, port: fake.port, addresses: ['127.0.0.2', '127.0.0.1'] }] }),
    message(['a@remote.test']),
  );
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.deepEqual(
    result.attempts.map((a) => [a.address, a.result, a.status]),
    [
      ['127.0.0.2', 'failed', '4.4.1'],
      ['127.0.0.1', 'session', undefined],
    ],
  );
  assert.equal(result.server!.address, '127.0.0.1');
});

test('fails over to the next MX host after a 421 greeting, keeping the reply in the attempt log', async (t) => {
  const busy = await fakeMxFor(t, { script: { greeting: () => ({ code: 421, text: '4.3.2 Too busy, try later' }) } });
  const good = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(
    destination(0, {
      candidates: [
        { host: 'mx1.remote.test', port: busy.port, addresses: ['127.0.0.1'] },
        { host: 'mx2.remote.test', port: good.port, addresses: ['127.0.0.1'] },
      ],
    }),
    message(['a@remote.test']),
  );
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.server!.host, 'mx2.remote.test');
  const [first] = result.attempts;
  assert.equal(first!.status, '4.3.2');
  assert.equal(first!.detail, `host mx1.remote.test[127.0.0.1]:${busy.port} refused to talk to me: 421 4.3.2 Too busy, try later`);
  assert.deepEqual(first!.reply, { code: 421, enhanced: '4.3.2', text: 'Too busy, try later', host: 'mx1.remote.test', address: '127.0.0.1', step: 'greeting' });
  assert.equal(busy.transactions().length, 0);
});

test('a 5xx greeting is skipped like a 4xx one and only defers (Postfix smtp_skip_5xx_greeting)', async (t) => {
  const fake = await fakeMxFor(t, { script: { greeting: () => ({ code: 554, text: '5.7.1 No SMTP service here' }) } });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.7.1');
  assert.equal(result.recipients[0]!.reply!.code, 554);
});

test('gives up on a server that never greets after the greeting timeout and tries the next', async (t) => {
  const silent = await silentServer(t);
  const good = await fakeMxFor(t);
  const { transfer } = transferFor(t, { timeouts: { greetingMs: 200 } });
  const started = Date.now();
  const result = await transfer.deliver(
    destination(0, {
      candidates: [
        { host: 'mx1.remote.test', port: silent, addresses: ['127.0.0.1'] },
        { host: 'mx2.remote.test', port: good.port, addresses: ['127.0.0.1'] },
      ],
    }),
    message(['a@remote.test']),
  );
  assert.equal(result.recipients[0]!.outcome, 'delivered');
  assert.equal(result.attempts[0]!.status, '4.4.2');
  assert.equal(result.attempts[0]!.detail, `conversation with mx1.remote.test[127.0.0.1]:${silent} timed out while receiving the initial server greeting`);
  assert.ok(Date.now() - started < 2000);
});

test('the last failure decides when no candidate can be reached', async (t) => {
  const down = await closedPort();
  const busy = await fakeMxFor(t, { script: { greeting: () => ({ code: 421, text: '4.3.2 Busy' }) } });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(
    destination(0, {
      candidates: [
        { host: 'mx1.remote.test', port: down, addresses: ['127.0.0.1'] },
        { host: 'mx2.remote.test', port: busy.port, addresses: ['127.0.0.1'] },
      ],
    }),
    message(['a@remote.test']),
  );
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.3.2');
  assert.equal(result.recipients[0]!.reply!.text, 'Busy');
  assert.equal(result.attempts.length, 2);
});

test('tries at most maxAddresses addresses per delivery', async (t) => {
  const down = await closedPort();
  const { transfer } = transferFor(t, { maxAddresses: 2 });
  const result = await transfer.deliver(
    destination(down, { candidates: [{ host: MX_HOST, port: down, addresses: ['127.0.0.1', '127.0.0.2', '127.0.0.3'] }] }),
    message(['a@remote.test']),
  );
  assert.equal(result.attempts.length, 2);
  assert.equal(result.recipients[0]!.outcome, 'temporary');
});

test('a 421 to RCPT defers the recipients with the server\'s reply and ends the session', async (t) => {
  const fake = await fakeMxFor(t, { hidePipelining: true, script: { rcptTo: () => ({ code: 421, text: '4.4.2 Shutting down' }) } });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test', 'b@remote.test']));
  assert.deepEqual(
    result.recipients.map((r) => [r.outcome, r.status, r.reply?.code]),
    [
      ['temporary', '4.4.2', 421],
      ['temporary', '4.4.2', 421],
    ],
  );
});

test('no reply to the final dot within the timeout leaves the recipients temporary with 4.4.2', async (t) => {
  const fake = await fakeMxFor(t, { script: { data: () => 'no reply' } });
  const { transfer } = transferFor(t, { timeouts: { dataEndMs: 200 } });
  const result = await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.4.2');
  assert.equal(result.recipients[0]!.detail, `conversation with ${MX_HOST}[127.0.0.1]:${fake.port} timed out while sending end of DATA`);
});

test('a message that cannot be read is deferred with 4.3.0 and never ended with a dot', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  const broken = message(['a@remote.test'], {
    open: () =>
      new Readable({
        read() {
          this.push(Buffer.from('Subject: half\r\n'));
          this.destroy(new Error('disk read failed'));
        },
      }),
  });
  const result = await transfer.deliver(destination(fake.port), broken);
  assert.equal(result.recipients[0]!.outcome, 'temporary');
  assert.equal(result.recipients[0]!.status, '4.3.0');
  // The connection was dropped in the middle of DATA: the server has no message.
  assert.equal(fake.transactions()[0]!.reply, null);
});
