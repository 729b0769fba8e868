import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually, fakeMxFor, testCertificate } from '../helpers/fake-mx.ts';
import { destination, message, MX_HOST, transferFor } from './transfer-fixture.ts';

test('reuses one connection for two messages to the same destination', async (t) => {
  const fake = await fakeMxFor(t, { tls: await testCertificate(MX_HOST) });
  const { transfer } = transferFor(t);
  const first = await transfer.deliver(destination(fake.port), message(['a@remote.test'], { id: 'm1' }));
  const second = await transfer.deliver(destination(fake.port), message(['b@remote.test'], { id: 'm2' }));
  assert.equal(first.recipients[0]!.outcome, 'delivered');
  assert.equal(second.recipients[0]!.outcome, 'delivered');
  assert.equal(first.reusedConnection, false);
  assert.equal(second.reusedConnection, true);
  assert.deepEqual(second.attempts, []);
  assert.equal(second.tls!.tls, true, 'the reused session keeps its TLS record');
  assert.equal(fake.connections(), 1);
  assert.equal(fake.sessions.length, 1);
  assert.deepEqual(
    fake.sessions[0]!.transactions.map((tx) => tx.rcptTo[0]!.address),
    ['a@remote.test', 'b@remote.test'],
  );
});

test('does not share connections between destinations', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t);
  await transfer.deliver(destination(fake.port, { key: 'one.test' }), message(['a@one.test']));
  await transfer.deliver(destination(fake.port, { key: 'two.test' }), message(['a@two.test']));
  assert.equal(fake.connections(), 2);
});

test('closes a connection after it carried the maximum number of messages', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t, { connections: { maxMessages: 2 } });
  for (const id of ['m1', 'm2', 'm3']) await transfer.deliver(destination(fake.port), message(['a@remote.test'], { id }));
  assert.equal(fake.connections(), 2);
  assert.deepEqual(
    fake.sessions.map((session) => session.transactions.length),
    [2, 1],
  );
});

test('quits an idle connection after the idle timeout', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t, { connections: { idleMs: 50 } });
  await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  assert.equal(fake.openConnections(), 1);
  await eventually(() => fake.openConnections() === 0);
  await transfer.deliver(destination(fake.port), message(['b@remote.test']));
  assert.equal(fake.connections(), 2);
});

test('opens a new connection when the server has closed the cached one', async (t) => {
  const fake = await fakeMxFor(t, { idleTimeoutMs: 500 });
  const { transfer } = transferFor(t, { connections: { idleMs: 5000 } });
  await transfer.deliver(destination(fake.port), message(['a@remote.test']));
  await eventually(() => fake.openConnections() === 0);
  const second = await transfer.deliver(destination(fake.port), message(['b@remote.test']));
  assert.equal(second.recipients[0]!.outcome, 'delivered');
  assert.equal(second.reusedConnection, false);
  assert.equal(fake.connections(), 2);
});

test('keeps to the per-destination connection limit and shares the connection between waiting deliveries', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t, { connections: { maxPerDestination: 1 } });
  const results = await Promise.all(['m1', 'm2', 'm3'].map((id) => transfer.deliver(destination(fake.port), message([`${id}@remote.test`], { id }))));
  assert.deepEqual(
    results.map((r) => r.recipients[0]!.outcome),
    ['delivered', 'delivered', 'delivered'],
  );
  assert.equal(fake.maxConcurrent(), 1);
  assert.equal(fake.connections(), 1);
  assert.equal(fake.transactions().length, 3);
});

test('opens up to the limit of connections for concurrent deliveries', async (t) => {
  const fake = await fakeMxFor(t);
  const { transfer } = transferFor(t, { connections: { maxPerDestination: 2 } });
  const ids = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
  const results = await Promise.all(ids.map((id) => transfer.deliver(destination(fake.port), message([`${id}@remote.test`], { id }))));
  assert.ok(results.every((r) => r.recipients[0]!.outcome === 'delivered'));
  assert.equal(fake.maxConcurrent(), 2);
  assert.equal(fake.transactions().length, ids.length);
});

test('defers with 4.4.5 a delivery that waited too long for a connection slot', async (t) => {
  const fake = await fakeMxFor(t, { script: { data: (tx) => (tx.rcptTo[0]!.address === 'slow@remote.test' ? 'no reply' : null) } });
  const { transfer } = transferFor(t, { connections: { maxPerDestination: 1, waitMs: 100 }, timeouts: { dataEndMs: 1000 } });
  const slow = transfer.deliver(destination(fake.port), message(['slow@remote.test']));
  await eventually(() => fake.openConnections() === 1);
  const waiting = await transfer.deliver(destination(fake.port), message(['next@remote.test']));
  assert.equal(waiting.recipients[0]!.outcome, 'temporary');
  assert.equal(waiting.recipients[0]!.status, '4.4.5');
  assert.equal(waiting.recipients[0]!.detail, 'no connection slot for remote.test (connection limit reached or shutting down)');
  assert.equal((await slow).recipients[0]!.status, '4.4.2');
});
