// A tiny authoritative DNS server for tests, on 127.0.0.1 with a free port (UDP, and TCP on the same
// port for truncated answers), answering from a `Zone` table (test/fakes/resolver.ts) with the same
// semantics as the fake resolver. Point a server under test at it with
// `[dns] servers = ["127.0.0.1:PORT"]` (`server.address`).
//
// Wire format by hand (RFC 1035 §4.1): one question per query, class IN; answers MX, A, AAAA and TXT
// (a record longer than 255 octets is split into 255-octet character-strings, RFC 1035 §3.3.14);
// NXDOMAIN for names missing from the table, NODATA (NOERROR, no answers) for other types; per-name
// failures: servfail → RCODE 2, refused → RCODE 5, error → RCODE 4 (NOTIMP), timeout and network → no
// reply at all. A UDP answer over 512 octets (RFC 1035 §4.2.1), or over the size an EDNS OPT record
// advertises (RFC 6891 §6.2.3, echoed), is sent with TC set and no answers; the asker then retries over
// TCP (RFC 1035 §4.2.2, two-octet length prefix), which has no such limit.
//
// Bounded and hostile-safe: a query is parsed within its own bytes (no compression pointers, at most
// 255 octets of name, at most 8 additional records), a TCP connection buffers at most one message,
// anything malformed or not a plain query is ignored without a reply, and `close()` ends every
// connection. The zone itself is trusted test data (an address that does not parse throws).
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as NetSocket } from 'node:net';
import ipaddr from 'ipaddr.js';
import { lookupZone, zoneKey, type RecordType, type Zone } from '../fakes/resolver.ts';

export interface DnsTestServer {
  /** "127.0.0.1:PORT", the form `[dns] servers` takes. */
  readonly address: string;
  readonly port: number;
  /** The table answered from; replace or edit it between queries. */
  zone: Zone;
  /** Queries answered or deliberately dropped, as "mx example.com" (unknown types as "type65 name"). */
  readonly queries: string[];
  close(): Promise<void>;
}

const TYPES: Readonly<Record<number, RecordType>> = { 1: 'a', 15: 'mx', 16: 'txt', 28: 'aaaa' };
const TYPE_OPT = 41;
const CLASS_IN = 1;
const TTL = 60;
const RCODE = { noError: 0, serverFailure: 2, nameError: 3, notImplemented: 4, refused: 5 } as const;

interface Query {
  id: number;
  recursionDesired: boolean;
  name: string;
  type: number;
  /** The question section as received, echoed verbatim (keeps the asker's letter case). */
  question: Buffer;
  /** Advertised EDNS UDP payload size, when the query carried an OPT record. */
  ednsSize: number | null;
}

export async function startDnsServer(zone: Zone = {}): Promise<DnsTestServer> {
  const { udp, tcp } = await bindPair();
  const connections = new Set<NetSocket>();
  const port = udp.address().port;
  const state: DnsTestServer = {
    address: `127.0.0.1:${port}`,
    port,
    zone,
    queries: [],
    close: async () => {
      for (const c of connections) c.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
  udp.on('message', (message: Buffer, peer: RemoteInfo) => {
    const reply = answer(state, message, 'udp');
    if (reply) udp.send(reply, peer.port, peer.address);
  });
  tcp.on('connection', (connection) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    serveTcp(state, connection);
  });
  return state;
}

/** UDP and TCP on the same free port (c-ares retries a truncated answer over TCP to the same port). */
async function bindPair(): Promise<{ udp: Socket; tcp: Server }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => {
        udp.off('error', reject);
        resolve();
      });
    });
    const tcp = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(udp.address().port, '127.0.0.1', () => resolve(true));
    });
    if (bound) return { udp, tcp };
    await new Promise<void>((resolve) => udp.close(() => resolve()));
  }
  throw new Error('no free port for both UDP and TCP on 127.0.0.1');
}

/** DNS over TCP (RFC 1035 §4.2.2): each message preceded by its two-octet length. */
function serveTcp(state: DnsTestServer, connection: NetSocket): void {
  let pending = Buffer.alloc(0);
  connection.on('error', () => connection.destroy());
  connection.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    if (pending.length > 2 + 65535) return void connection.destroy();
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const message = pending.subarray(2, 2 + pending.readUInt16BE(0));
      pending = pending.subarray(2 + message.length);
      const reply = answer(state, message, 'tcp');
      if (!reply) continue;
      const length = Buffer.alloc(2);
      length.writeUInt16BE(reply.length);
      connection.write(Buffer.concat([length, reply]));
    }
  });
}

/** The response to one query, or null when it gets none (malformed, or a dropped name/type). */
function answer(state: DnsTestServer, message: Buffer, transport: 'udp' | 'tcp'): Buffer | null {
  const query = parseQuery(message);
  if (!query) return null;
  const type = TYPES[query.type];
  state.queries.push(`${type ?? `type${query.type}`} ${query.name}`);
  let rcode: number = RCODE.noError;
  let answers: Buffer[] = [];
  if (type) {
    const result = lookupZone(state.zone, query.name, type);
    if (result.kind === 'nxdomain') rcode = RCODE.nameError;
    else if (result.kind === 'temporary') {
      if (result.reason === 'timeout' || result.reason === 'network') return null;
      rcode = result.reason === 'servfail' ? RCODE.serverFailure : result.reason === 'refused' ? RCODE.refused : RCODE.notImplemented;
    } else if (result.kind === 'records') answers = result.records.map((r) => resourceRecord(query.type, rdata(type, r)));
  } else if (!Object.keys(state.zone).some((n) => zoneKey(n) === query.name)) {
    rcode = RCODE.nameError;
  }
  return response(query, rcode, answers, transport === 'tcp' ? 65535 : (query.ednsSize ?? 512));
}

function parseQuery(m: Buffer): Query | null {
  if (m.length < 12) return null;
  const flags = m.readUInt16BE(2);
  const isResponse = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0xf;
  if (isResponse || opcode !== 0 || m.readUInt16BE(4) !== 1 || m.readUInt16BE(6) !== 0 || m.readUInt16BE(8) !== 0) return null;
  const name = readName(m, 12);
  if (!name || name.end + 4 > m.length || m.readUInt16BE(name.end + 2) !== CLASS_IN) return null;
  const end = name.end + 4;
  return {
    id: m.readUInt16BE(0),
    recursionDesired: (flags & 0x0100) !== 0,
    name: name.text.toLowerCase(),
    type: m.readUInt16BE(name.end),
    question: m.subarray(12, end),
    ednsSize: readEdnsSize(m, end, m.readUInt16BE(10)),
  };
}

/** An uncompressed name starting at `offset` (RFC 1035 §3.1), as dotted text without the root dot. */
function readName(m: Buffer, offset: number): { text: string; end: number } | null {
  const labels: string[] = [];
  let at = offset;
  for (let octets = 0; octets <= 255; ) {
    const length = m[at];
    if (length === undefined || length > 63 || at + 1 + length > m.length) return null; // no pointers in queries
    octets += length + 1;
    at += 1 + length;
    if (length === 0) return octets <= 255 ? { text: labels.join('.'), end: at } : null;
    labels.push(m.toString('latin1', at - length, at));
  }
  return null;
}

/** The UDP payload size of an OPT pseudo-record (RFC 6891 §6.1.2) in the additional section. */
function readEdnsSize(m: Buffer, offset: number, count: number): number | null {
  let at = offset;
  for (let i = 0; i < Math.min(count, 8); i++) {
    const name = readName(m, at);
    if (!name || name.end + 10 > m.length) return null;
    const type = m.readUInt16BE(name.end);
    const size = m.readUInt16BE(name.end + 2);
    if (type === TYPE_OPT) return Math.min(Math.max(size, 512), 4096);
    at = name.end + 10 + m.readUInt16BE(name.end + 8);
  }
  return null;
}

function response(query: Query, rcode: number, answers: Buffer[], limit: number): Buffer {
  const opt = query.ednsSize === null ? [] : [optRecord()];
  const build = (records: Buffer[], truncated: boolean): Buffer => {
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.id, 0);
    // QR, AA (RFC 1035 §4.1.1), RD copied from the query, RA, TC when truncated.
    header.writeUInt16BE(0x8000 | 0x0400 | (truncated ? 0x0200 : 0) | (query.recursionDesired ? 0x0100 : 0) | 0x0080 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(records.length, 6);
    header.writeUInt16BE(opt.length, 10);
    return Buffer.concat([header, query.question, ...records, ...opt]);
  };
  const full = build(answers, false);
  return full.length <= limit ? full : build([], true);
}

function resourceRecord(type: number, data: Buffer): Buffer {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // compression pointer to the question's name at offset 12 (RFC 1035 §4.1.4)
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(CLASS_IN, 4);
  fixed.writeUInt32BE(TTL, 6);
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}

function optRecord(): Buffer {
  const opt = Buffer.alloc(11); // root name, TYPE 41, CLASS = our payload size, TTL 0, RDLENGTH 0
  opt.writeUInt16BE(TYPE_OPT, 1);
  opt.writeUInt16BE(1232, 3);
  return opt;
}

function rdata(type: RecordType, record: string | { preference: number; exchange: string }): Buffer {
  if (typeof record !== 'string') {
    const preference = Buffer.alloc(2);
    preference.writeUInt16BE(record.preference);
    return Buffer.concat([preference, encodeName(record.exchange)]);
  }
  if (type === 'a' || type === 'aaaa') return Buffer.from(ipaddr.parse(record).toByteArray());
  // TXT (RFC 1035 §3.3.14): one or more <character-string>s of at most 255 octets each.
  const bytes = Buffer.from(record, 'utf8');
  const strings: Buffer[] = [];
  for (let at = 0; at < bytes.length || strings.length === 0; at += 255) {
    const chunk = bytes.subarray(at, at + 255);
    strings.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(strings);
}

function encodeName(name: string): Buffer {
  const text = name.endsWith('.') ? name.slice(0, -1) : name;
  const labels = text === '' ? [] : text.split('.');
  return Buffer.concat([...labels.flatMap((l) => [Buffer.from([Buffer.byteLength(l, 'latin1')]), Buffer.from(l, 'latin1')]), Buffer.from([0])]);
}
