import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '../helpers/fake-mx.ts';
import { ConnectionCache, type PooledConnection } from '../../src/outbound/connection-cache.ts';
import { DEFAULT_CONNECTION_REUSE, type ConnectionReuse } from '../../src/outbound/transfer-options.ts';

class FakeConnection implements PooledConnection {
  usable = true;
  closed = false;
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  close(): void {
    this.closed = true;
    this.usable = false;
  }
}

function cache(limits: Partial<ConnectionReuse> = {}): ConnectionCache<FakeConnection> {
  return new ConnectionCache<FakeConnection>({ ...DEFAULT_CONNECTION_REUSE, ...limits });
}

test('hands a released connection to the next delivery of the same destination and policy', async () => {
  const pool = cache();
  const first = await pool.acquire('d', 'p');
  assert.equal(first!.connection, null);
  const connection = new FakeConnection('c1');
  first!.release(connection, true);
  assert.deepEqual(pool.count('d'), { open: 1, idle: 1, waiting: 0 });
  const second = await pool.acquire('d', 'p');
  assert.equal(second!.connection, connection);
  assert.deepEqual(pool.count('d'), { open: 1, idle: 0, waiting: 0 });
  second!.release(connection, false);
  assert.equal(connection.closed, true);
  assert.deepEqual(pool.count('d'), { open: 0, idle: 0, waiting: 0 });
  pool.close();
});

test('does not hand a connection to another destination or another policy', async () => {
  const pool = cache();
  const lease = await pool.acquire('d', 'p');
  const connection = new FakeConnection('c1');
  lease!.release(connection, true);
  assert.equal((await pool.acquire('other', 'p'))!.connection, null);
  assert.equal((await pool.acquire('d', 'q'))!.connection, null);
  pool.close();
  assert.equal(connection.closed, true);
});

test('makes deliveries wait in order at the limit and wakes them as leases come back', async () => {
  const pool = cache({ maxPerDestination: 2 });
  const a = await pool.acquire('d', 'p');
  const b = await pool.acquire('d', 'p');
  const order: string[] = [];
  const c = pool.acquire('d', 'p').then((lease) => (order.push('c'), lease));
  const d = pool.acquire('d', 'p').then((lease) => (order.push('d'), lease));
  assert.deepEqual(pool.count('d'), { open: 2, idle: 0, waiting: 2 });
  const reused = new FakeConnection('a');
  a!.release(reused, true);
  assert.equal((await c)!.connection, reused, 'the waiter gets the released connection');
  b!.release(null, false);
  assert.equal((await d)!.connection, null, 'a freed slot lets the next waiter open its own');
  assert.deepEqual(order, ['c', 'd']);
  assert.deepEqual(pool.count('d'), { open: 2, idle: 0, waiting: 0 });
  pool.close();
});

test('gives a waiter of another policy the slot of an idle connection', async () => {
  const pool = cache({ maxPerDestination: 1 });
  const lease = await pool.acquire('d', 'p');
  const waiting = pool.acquire('d', 'q');
  const connection = new FakeConnection('p');
  lease!.release(connection, true);
  const other = await waiting;
  assert.equal(other!.connection, null);
  assert.equal(connection.closed, true);
  assert.deepEqual(pool.count('d'), { open: 1, idle: 0, waiting: 0 });
  pool.close();
});

test('turns a waiter away with null after the wait limit', async () => {
  const pool = cache({ maxPerDestination: 1, waitMs: 20 });
  await pool.acquire('d', 'p');
  assert.equal(await pool.acquire('d', 'p'), null);
  assert.equal(pool.count('d').waiting, 0);
  pool.close();
});

test('closes a connection that carried the maximum number of messages instead of keeping it', async () => {
  const pool = cache({ maxMessages: 2 });
  const connection = new FakeConnection('c');
  (await pool.acquire('d', 'p'))!.release(connection, true);
  const again = await pool.acquire('d', 'p');
  again!.release(connection, true);
  assert.equal(connection.closed, true);
  assert.deepEqual(pool.count('d'), { open: 0, idle: 0, waiting: 0 });
  pool.close();
});

test('closes an idle connection after the idle time and frees its slot', async () => {
  const pool = cache({ idleMs: 10 });
  const connection = new FakeConnection('c');
  (await pool.acquire('d', 'p'))!.release(connection, true);
  await eventually(() => connection.closed);
  assert.deepEqual(pool.count('d'), { open: 0, idle: 0, waiting: 0 });
  pool.close();
});

test('skips an idle connection that is no longer usable', async () => {
  const pool = cache();
  const dead = new FakeConnection('dead');
  (await pool.acquire('d', 'p'))!.release(dead, true);
  dead.usable = false;
  const lease = await pool.acquire('d', 'p');
  assert.equal(lease!.connection, null);
  assert.equal(dead.closed, true);
  assert.deepEqual(pool.count('d'), { open: 1, idle: 0, waiting: 0 });
  pool.close();
});

test('ignores a second release and, once closed, refuses leases and closes what comes back', async () => {
  const pool = cache();
  const lease = await pool.acquire('d', 'p');
  const connection = new FakeConnection('c');
  pool.close();
  assert.equal(await pool.acquire('d', 'p'), null);
  lease!.release(connection, true);
  lease!.release(connection, true);
  assert.equal(connection.closed, true);
  assert.deepEqual(pool.count('d'), { open: 0, idle: 0, waiting: 0 });
});
