// A fake remote mail server for outbound delivery tests: nodemailer's smtp-server on 127.0.0.1 port 0
// with scripted replies, recording every TCP connection, SMTP session, transaction and message body.
//
// Replies are exact: enhanced status codes are switched off in smtp-server (it would derive them from
// the basic code), so a scripted reply's text carries its own ("5.1.1 No such user" → "550 5.1.1 No such
// user"). Without a script, everything is accepted and DATA answers "250 2.0.0 Ok: queued as <n>".
import { createServer, type Server, type Socket } from 'node:net';
import type { TestContext } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { createSelfSignedCertificate } from '../../src/tls/index.ts';

export interface FakeReply {
  code: number;
  /** Text after the code, with the enhanced code when the reply should have one. */
  text: string;
}

export interface FakeRcpt {
  address: string;
  args: Record<string, string | true>;
  notify: string[] | null;
  orcpt: string | null;
  /** What the fake answered, e.g. "250 Accepted" or "550 5.1.1 No such user". */
  reply: string;
}

export interface FakeTransaction {
  mailFrom: string;
  mailArgs: Record<string, string | true>;
  rcptTo: FakeRcpt[];
  /** The message as received (dot-unstuffed, final CRLF.CRLF removed); null until DATA completed. */
  body: Buffer | null;
  /** The final reply to DATA. */
  reply: string | null;
}

export interface FakeSession {
  /** 1-based TCP connection number on this fake. */
  connection: number;
  helo: string;
  remoteAddress: string;
  secure: boolean;
  tls: { protocol: string | null; cipher: string } | null;
  /** SNI the client sent. */
  servername: string | null;
  /** Authenticated user name. */
  user: string | null;
  transactions: FakeTransaction[];
}

export interface FakeScript {
  /** A non-null reply refuses the connection with it instead of the 220 greeting. */
  greeting?: (connection: number) => FakeReply | null;
  mailFrom?: (address: string, session: FakeSession) => FakeReply | null;
  /** `accepted`: recipients accepted so far in this transaction. */
  rcptTo?: (address: string, session: FakeSession, accepted: number) => FakeReply | null;
  /** 'no reply': the message is taken but never answered (timeouts after the final dot). */
  data?: (transaction: FakeTransaction, session: FakeSession) => FakeReply | 'no reply' | null;
}

export interface FakeMxOptions {
  /** The server's name in its greeting; default "mx.remote.test". */
  name?: string;
  /** A certificate: STARTTLS is offered with it (or implicit TLS, see `implicitTls`). */
  tls?: { cert: string; key: string };
  implicitTls?: boolean;
  /** Offer STARTTLS but fail every handshake (only TLS 1.0/1.1 allowed, which clients refuse). */
  brokenTls?: boolean;
  /** Require AUTH PLAIN/LOGIN with these credentials before MAIL (only over TLS unless allowInsecureAuth). */
  auth?: { username: string; password: string };
  /** SASL mechanisms offered; default PLAIN and LOGIN. */
  authMethods?: string[];
  /** Allow AUTH without TLS; without `auth`, AUTH is then offered and any credentials are accepted. */
  allowInsecureAuth?: boolean;
  hidePipelining?: boolean;
  hide8BitMime?: boolean;
  hideSmtpUtf8?: boolean;
  hideDsn?: boolean;
  /** The server closes a connection idle this long (with a 421); default 10 s. */
  idleTimeoutMs?: number;
  /** SIZE limit to advertise. */
  size?: number;
  script?: FakeScript;
}

export interface FakeMx {
  readonly port: number;
  readonly sessions: FakeSession[];
  /** TCP connections accepted so far. */
  readonly connections: () => number;
  /** Most TCP connections open at the same time. */
  readonly maxConcurrent: () => number;
  /** TCP connections open now. */
  readonly openConnections: () => number;
  /** Every transaction of every session, in order. */
  transactions(): FakeTransaction[];
  close(): Promise<void>;
}

const certificates = new Map<string, Promise<{ cert: string; key: string }>>();

/** A self-signed certificate for `hostname`, made once per test process. */
export function testCertificate(hostname: string): Promise<{ cert: string; key: string }> {
  let pending = certificates.get(hostname);
  if (!pending) {
    pending = createSelfSignedCertificate(hostname);
    certificates.set(hostname, pending);
  }
  return pending;
}

function replyError(reply: FakeReply): Error {
  return Object.assign(new Error(reply.text), { responseCode: reply.code });
}

function format(reply: FakeReply): string {
  return `${reply.code} ${reply.text}`;
}

export async function startFakeMx(options: FakeMxOptions = {}): Promise<FakeMx> {
  const sessions: FakeSession[] = [];
  const byId = new Map<string, FakeSession>();
  const script = options.script ?? {};
  let connections = 0;
  let open = 0;
  let maxConcurrent = 0;
  let queued = 0;
  const disabled = [...(options.tls ? [] : ['STARTTLS']), ...(options.auth || options.allowInsecureAuth ? [] : ['AUTH'])];
  const current = (session: SMTPServerSession): FakeSession => {
    const found = byId.get(session.id);
    if (!found) throw new Error('fake MX: unknown session');
    return found;
  };
  const lastTransaction = (session: FakeSession): FakeTransaction => {
    const tx = session.transactions[session.transactions.length - 1];
    if (!tx) throw new Error('fake MX: no transaction');
    return tx;
  };
  const server = new SMTPServer({
    name: options.name ?? 'mx.remote.test',
    logger: false,
    disableReverseLookup: true,
    hideENHANCEDSTATUSCODES: true,
    hidePIPELINING: options.hidePipelining ?? false,
    hide8BITMIME: options.hide8BitMime ?? false,
    hideSMTPUTF8: options.hideSmtpUtf8 ?? false,
    hideDSN: options.hideDsn ?? false,
    hideREQUIRETLS: true,
    disabledCommands: disabled,
    authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
    authOptional: !options.auth,
    allowInsecureAuth: options.allowInsecureAuth ?? false,
    secure: options.implicitTls ?? false,
    socketTimeout: options.idleTimeoutMs ?? 10_000,
    closeTimeout: 1_000,
    ...(options.size ? { size: options.size } : {}),
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    ...(options.brokenTls ? { minVersion: 'TLSv1' as const, maxVersion: 'TLSv1.1' as const } : {}),
    onConnect(session, callback) {
      const record: FakeSession = {
        connection: connections,
        helo: '',
        remoteAddress: session.remoteAddress,
        secure: session.secure,
        tls: null,
        servername: null,
        user: null,
        transactions: [],
      };
      byId.set(session.id, record);
      sessions.push(record);
      const refusal = script.greeting?.(connections);
      callback(refusal ? replyError(refusal) : null);
    },
    onSecure(socket, session, callback) {
      const record = byId.get(session.id);
      if (record) {
        const tls = socket as TLSSocket;
        record.secure = true;
        record.servername = tls.servername || null;
        record.tls = { protocol: tls.getProtocol(), cipher: tls.getCipher().standardName };
      }
      callback();
    },
    onAuth(auth, session, callback) {
      const expected = options.auth;
      if (expected && (auth.username !== expected.username || auth.password !== expected.password)) {
        callback(replyError({ code: 535, text: '5.7.8 Authentication credentials invalid' }));
        return;
      }
      current(session).user = auth.username ?? null;
      callback(null, { user: auth.username });
    },
    onMailFrom(address: SMTPServerAddress, session, callback) {
      const record = current(session);
      record.helo = session.hostNameAppearsAs;
      const reply = script.mailFrom?.(address.address, record) ?? null;
      record.transactions.push({ mailFrom: address.address, mailArgs: address.args || {}, rcptTo: [], body: null, reply: null });
      callback(reply ? replyError(reply) : null);
    },
    onRcptTo(address: SMTPServerAddress, session, callback) {
      const record = current(session);
      const tx = lastTransaction(record);
      const accepted = tx.rcptTo.filter((rcpt) => rcpt.reply.startsWith('2')).length;
      const reply = script.rcptTo?.(address.address, record, accepted) ?? null;
      tx.rcptTo.push({
        address: address.address,
        args: address.args || {},
        notify: address.dsn?.notify ?? null,
        orcpt: address.dsn?.orcpt ?? null,
        reply: reply ? format(reply) : '250 Accepted',
      });
      callback(reply ? replyError(reply) : null);
    },
    onData(stream, session, callback) {
      const record = current(session);
      const tx = lastTransaction(record);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        tx.body = Buffer.concat(chunks);
        const scripted = script.data?.(tx, record) ?? null;
        if (scripted === 'no reply') return;
        const reply = scripted ?? { code: 250, text: `2.0.0 Ok: queued as ${++queued}` };
        tx.reply = format(reply);
        if (reply.code >= 400) callback(replyError(reply));
        else callback(null, reply.text);
      });
    },
  });
  server.on('error', () => {});
  const listener: Server = server.server;
  const sockets = new Set<Socket>();
  listener.on('connection', (socket: Socket) => {
    connections++;
    open++;
    maxConcurrent = Math.max(maxConcurrent, open);
    sockets.add(socket);
    socket.once('close', () => {
      open--;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('fake MX: no port');
  return {
    port: address.port,
    sessions,
    connections: () => connections,
    maxConcurrent: () => maxConcurrent,
    openConnections: () => open,
    transactions: () => sessions.flatMap((session) => session.transactions),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** startFakeMx, closed when the test ends. */
export async function fakeMxFor(t: TestContext, options: FakeMxOptions = {}): Promise<FakeMx> {
  const fake = await startFakeMx(options);
  t.after(() => fake.close());
  return fake;
}

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Listens on 127.0.0.1 port 0 with `onSocket` for each connection; when the test ends every open
 * socket is destroyed and the server closed. Returns the port.
 */
export async function listenForTest(t: TestContext, onSocket: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A server that accepts TCP connections and never says anything (greeting timeouts). */
export function silentServer(t: TestContext): Promise<number> {
  return listenForTest(t, () => {});
}

export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
