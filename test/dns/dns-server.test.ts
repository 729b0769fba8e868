// The test DNS server ignores what is not a well-formed query: after each bad packet a good query
// still gets the first (and only) reply.
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { test } from 'node:test';
import { startDnsServer } from '../helpers/dns-server.ts';
import { prng } from '../helpers/prng.ts';

/** A query for `name`, type A, class IN, with id `id` (RFC 1035 §4.1). */
function query(id: number, name: string, options: { flags?: number; type?: number } = {}): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(options.flags ?? 0x0100, 2);
  header.writeUInt16BE(1, 4);
  const labels = name.split('.').flatMap((l) => [Buffer.from([l.length]), Buffer.from(l)]);
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(options.type ?? 1, 1);
  tail.writeUInt16BE(1, 3);
  return Buffer.concat([header, ...labels, tail]);
}

async function client(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return socket;
}

/** Sends `bad`, then a good query; the first reply must be the good query's. */
async function assertIgnored(socket: Socket, port: number, bad: Buffer, id: number): Promise<void> {
  const reply = once(socket, 'message', { signal: AbortSignal.timeout(2000) });
  socket.send(bad, port, '127.0.0.1');
  socket.send(query(id, 'example.test'), port, '127.0.0.1');
  const [message] = (await reply) as [Buffer];
  assert.equal(message.readUInt16BE(0), id, `reply to ${bad.toString('hex')}`);
}

test('answers a query with the records, AA set and the question echoed', async (t) => {
  const dns = await startDnsServer({ 'example.test': { a: ['192.0.2.1'] } });
  t.after(() => dns.close());
  const socket = await client();
  t.after(() => socket.close());
  const reply = once(socket, 'message', { signal: AbortSignal.timeout(2000) });
  const q = query(7, 'Example.test');
  socket.send(q, dns.port, '127.0.0.1');
  const [message] = (await reply) as [Buffer];
  assert.equal(message.readUInt16BE(0), 7);
  assert.equal(message.readUInt16BE(2), 0x8580); // QR AA RD RA, NOERROR
  assert.equal(message.readUInt16BE(6), 1);
  assert.deepEqual(message.subarray(12, q.length), q.subarray(12));
  assert.deepEqual([...message.subarray(message.length - 4)], [192, 0, 2, 1]);
});

test('answers an unknown type with NODATA, or NXDOMAIN for an unknown name', async (t) => {
  const dns = await startDnsServer({ 'example.test': { a: ['192.0.2.1'] } });
  t.after(() => dns.close());
  const socket = await client();
  t.after(() => socket.close());
  for (const [name, rcode] of [['example.test', 0], ['missing.test', 3]] as const) {
    const reply = once(socket, 'message', { signal: AbortSignal.timeout(2000) });
    socket.send(query(9, name, { type: 65 }), dns.port, '127.0.0.1');
    const [message] = (await reply) as [Buffer];
    assert.equal(message.readUInt16BE(2) & 0xf, rcode, name);
    assert.equal(message.readUInt16BE(6), 0);
  }
  assert.deepEqual(dns.queries, ['type65 example.test', 'type65 missing.test']);
});

test('ignores malformed queries, responses and other opcodes', async (t) => {
  const dns = await startDnsServer({ 'example.test': { a: ['192.0.2.1'] } });
  t.after(() => dns.close());
  const socket = await client();
  t.after(() => socket.close());
  const good = query(1, 'example.test');
  const pointer = Buffer.concat([good.subarray(0, 12), Buffer.from([0xc0, 0x0c, 0, 1, 0, 1])]);
  const twoQuestions = Buffer.from(good);
  twoQuestions.writeUInt16BE(2, 4);
  const badBytes = [
    Buffer.alloc(0),
    Buffer.alloc(11),
    good.subarray(0, good.length - 1), // question cut short
    query(1, 'example.test', { flags: 0x8100 }), // a response
    query(1, 'example.test', { flags: 0x2800 }), // opcode UPDATE (5)
    pointer, // compression pointer in the question
    twoQuestions,
    Buffer.concat([good.subarray(0, 12), Buffer.from([64]), Buffer.alloc(70, 0x61), Buffer.from([0, 0, 1, 0, 1])]), // label > 63
  ];
  let id = 100;
  for (const bad of badBytes) await assertIgnored(socket, dns.port, bad, id++);
});

test('survives random packets (seeded, bounded)', async (t) => {
  const dns = await startDnsServer({ 'example.test': { a: ['192.0.2.1'] } });
  t.after(() => dns.close());
  const socket = await client();
  t.after(() => socket.close());
  const random = prng(0x5eed);
  for (let i = 0; i < 200; i++) {
    const base = query(i, 'example.test');
    const packet = Buffer.from(base.subarray(0, Math.floor(random() * (base.length + 8))));
    for (let j = 0; j < packet.length; j++) if (random() < 0.2) packet[j] = Math.floor(random() * 256);
    socket.send(packet, dns.port, '127.0.0.1');
  }
  // Replies to any fuzzed packet that happened to be valid come first; then ours.
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply to the final query')), 2000);
    socket.on('message', (message: Buffer) => {
      if (message.readUInt16BE(0) !== 0xbeef) return;
      clearTimeout(timer);
      resolve();
    });
  });
  socket.send(query(0xbeef, 'example.test'), dns.port, '127.0.0.1');
  await done;
});
