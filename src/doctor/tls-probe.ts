// One TLS handshake with a listener, as a client: TCP connect, the STARTTLS opening when the listener
// has one, then the handshake with the versions asked for. It reports what the server served (the
// chain, RFC 8446 §4.4.2) and negotiated, or the stage at which it failed. Certificates are not
// verified here (the review does it, with its own trust anchors); the handshake's trust store is
// empty so the chain read back is exactly what the server sent, not completed from local roots.
//
// Every probe is bounded by `timeoutMs` and leaves no socket open.
import { X509Certificate } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type DetailedPeerCertificate, type SecureVersion, type TLSSocket } from 'node:tls';
import { openStartTls, startTlsDialect } from './starttls-dialogue.ts';

export interface ProbeTarget {
  /** The listener's protocol (`smtp`, `submission`, `imap`, `pop3`, …): which STARTTLS opening to speak. */
  protocol: string;
  /** Where to connect: an address or a name. */
  host: string;
  port: number;
  tls: 'starttls' | 'implicit';
}

export interface ProbeOptions {
  /** SNI (RFC 6066 §3); none is sent when undefined. */
  serverName: string | undefined;
  /** The name SMTP's EHLO gives. */
  ehloName: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  timeoutMs: number;
}

export type ProbeStage = 'connect' | 'starttls' | 'handshake';

export type ProbeResult =
  | { ok: true; protocol: string; cipher: string; chain: X509Certificate[] }
  | { ok: false; stage: ProbeStage; error: string };

/**
 * OpenSSL 3 refuses TLS 1.0/1.1 (and small keys) at its default security level even when the version
 * is allowed; level 0 lets the probe see what the server really accepts.
 */
const PROBE_CIPHERS = 'DEFAULT@SECLEVEL=0';

/** How long a finished probe waits for the server's first words before it says goodbye. */
const SETTLE_MS = 100;
/** How long it then waits for the server to close the connection. */
const CLOSE_WAIT_MS = 1000;

/** The certificates the server sent, leaf first, in issuer order (Node links them by issuer). */
export function servedChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (current?.raw !== undefined && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}

function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code !== undefined && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}

/** Resolves once the socket is connected; an error before that rejects. */
function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve();
    });
    socket.once('error', reject);
  });
}

/** Resolves once the handshake is complete; an error or a close before that rejects. */
function secured(secure: TLSSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    secure.once('secureConnect', () => resolve());
    secure.once('error', reject);
    secure.once('close', () => reject(new Error('the server closed the connection during the handshake')));
  });
}

function startHandshake(socket: Socket, options: ProbeOptions): TLSSocket {
  return tlsConnect({
    socket,
    ...(options.serverName === undefined ? {} : { servername: options.serverName }),
    ...(options.minVersion === undefined ? {} : { minVersion: options.minVersion }),
    ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
    ciphers: PROBE_CIPHERS,
    ca: [],
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  });
}

/**
 * Ends the connection the way a client that is done would: TLS close_notify and FIN, once the server
 * has spoken (an implicit-TLS greeting) or had a moment to take the handshake in, then waits for the
 * server to close (bounded). A client that vanishes in the same instant as its last handshake message
 * gives the server a session it may only notice at its idle timeout.
 */
async function leave(secure: TLSSocket): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, SETTLE_MS);
    secure.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  secure.resume();
  if (secure.destroyed) return;
  const closed = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CLOSE_WAIT_MS);
    secure.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  secure.end();
  await closed;
}

export async function probeTls(target: ProbeTarget, options: ProbeOptions): Promise<ProbeResult> {
  const sockets: Socket[] = [];
  const track = <S extends Socket>(socket: S): S => {
    socket.on('error', () => {}); // failures are read from the step that awaits them
    sockets.push(socket);
    return socket;
  };
  let stage: ProbeStage = 'connect';
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(options.timeoutMs / 1000)}s`)), options.timeoutMs);
  });
  const run = async (): Promise<ProbeResult> => {
    const plain = track(tcpConnect({ host: target.host, port: target.port }));
    await connected(plain);
    if (target.tls === 'starttls') {
      stage = 'starttls';
      const dialect = startTlsDialect(target.protocol);
      if (dialect === undefined) throw new Error(`no STARTTLS opening is known for ${target.protocol}`);
      await openStartTls(plain, dialect, options.ehloName);
    }
    stage = 'handshake';
    if (plain.destroyed) throw new Error('the connection was closed');
    const secure = track(startHandshake(plain, options));
    await secured(secure);
    const cipher = secure.getCipher();
    const served: ProbeResult = { ok: true, protocol: secure.getProtocol() ?? 'unknown', cipher: cipher.standardName || cipher.name, chain: servedChain(secure) };
    await leave(secure);
    return served;
  };
  const running = run();
  running.catch(() => {});
  timedOut.catch(() => {});
  try {
    return await Promise.race([running, timedOut]);
  } catch (err) {
    return { ok: false, stage, error: messageOf(err) };
  } finally {
    clearTimeout(timer);
    for (const socket of sockets.reverse()) socket.destroy();
  }
}
