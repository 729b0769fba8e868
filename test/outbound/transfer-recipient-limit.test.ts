import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeMxFor, type FakeMxOptions } from '../helpers/fake-mx.ts';
import { destination, message, transferFor } from './transfer-fixture.ts';

const RECIPIENTS = ['r1@remote.test', 'r2@remote.test', 'r3@remote.test', 'r4@remote.test', 'r5@remote.test'];
const TOO_MANY = { code: 452, text: '4.5.3 Too many recipients' };

/** A server that takes at most two recipients per transaction. */
function twoPerTransaction(extra: FakeMxOptions = {}): FakeMxOptions {
  return { ...extra, script: { rcptTo: (_address, _session, accepted) => (accepted >= 2 ? TOO_MANY : null) } };
}

for (const pipelining of [true, false]) {
  test(`sends the recipients a 452 4.5.3 turned away in further transactions on the same connection (${pipelining ? 'pipelined' : 'one by one'})`, async (t) => {
    const fake = await fakeMxFor(t, twoPerTransaction({ hidePipelining: !pipelining }));
    const { transfer } = transferFor(t);
    const result = await transfer.deliver(destination(fake.port), message(RECIPIENTS));
    assert.deepEqual(
      result.recipients.map((r) => r.outcome),
      ['delivered', 'delivered', 'delivered', 'delivered', 'delivered'],
    );
    assert.equal(fake.connections(), 1);
    assert.deepEqual(
      fake.transactions().map((tx) => tx.rcptTo.filter((r) => r.reply.startsWith('250')).map((r) => r.address)),
      [['r1@remote.test', 'r2@remote.test'], ['r3@remote.test', 'r4@remote.test'], ['r5@remote.test']],
    );
  });
}

test('a 452 4.5.3 for the first recipient leaves every recipient temporary with that reply (RFC 5321 §4.5.3.1.10)', async (t) => {
  const fake = await fakeMxFor(t, { script: { rcptTo: () => TOO_MANY } });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(RECIPIENTS.slice(0, 3)));
  for (const recipient of result.recipients) {
    assert.equal(recipient.outcome, 'temporary');
    assert.equal(recipient.status, '4.5.3');
    assert.equal(recipient.reply!.code, 452);
    assert.equal(recipient.reply!.text, 'Too many recipients');
  }
  assert.equal(fake.transactions().length, 1);
  assert.equal(fake.transactions()[0]!.body, null);
});

test('an old-style 552 5.5.3 "too many recipients" is temporary too', async (t) => {
  const fake = await fakeMxFor(t, { hidePipelining: true, script: { rcptTo: (_a, _s, accepted) => (accepted >= 1 ? { code: 552, text: '5.5.3 Too many recipients' } : null) } });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(RECIPIENTS.slice(0, 2)));
  assert.deepEqual(
    result.recipients.map((r) => r.outcome),
    ['delivered', 'delivered'],
  );
  assert.equal(fake.transactions().length, 2);
});

test('a server that turns away every later transaction leaves the rest temporary, the accepted ones delivered', async (t) => {
  // One transaction per connection: after the first, every recipient gets 452.
  const fake = await fakeMxFor(t, {
    script: { rcptTo: (_address, session, accepted) => (accepted >= 2 || session.transactions.length > 1 ? TOO_MANY : null) },
  });
  const { transfer } = transferFor(t);
  const result = await transfer.deliver(destination(fake.port), message(RECIPIENTS.slice(0, 4)));
  assert.deepEqual(
    result.recipients.map((r) => [r.outcome, r.status]),
    [
      ['delivered', '2.0.0'],
      ['delivered', '2.0.0'],
      ['temporary', '4.5.3'],
      ['temporary', '4.5.3'],
    ],
  );
});
