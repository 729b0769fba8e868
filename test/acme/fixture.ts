// The world an ACME test runs in: the test DNS server (the ACME host names → 127.0.0.1), pebble
// validating on two free ports, and our http/https listeners configured on exactly those ports.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { connect, type PeerCertificate } from 'node:tls';
import { createHttpServer, createHttpsServer } from '../../src/http/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import type { AcmeChallenges, AcmeTimers, SettingsStore } from '../../src/tls/acme/index.ts';
import type { TlsProvider } from '../../src/tls/index.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.ts';
import { HOSTNAME } from '../helpers/instance.ts';
import { freePort, startPebble, type Pebble } from '../helpers/pebble.ts';

export { HOSTNAME };

export interface AcmeWorld {
  readonly dns: DnsTestServer;
  readonly pebble: Pebble;
  /** Our http listener's port, where pebble validates HTTP-01. */
  readonly httpPort: number;
  /** Our https listener's port, where pebble validates TLS-ALPN-01. */
  readonly tlsPort: number;
}

/** Starts DNS and pebble; both are stopped after the test. */
export async function startAcmeWorld(t: TestContext): Promise<AcmeWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-pebble-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const dns = await startDnsServer({ [HOSTNAME]: { a: ['127.0.0.1'] } });
  t.after(() => dns.close());
  const httpPort = await freePort();
  const tlsPort = await freePort();
  const pebble = await startPebble({ dir, httpPort, tlsPort, dnsServer: dns.address });
  t.after(() => pebble.stop());
  return { dns, pebble, httpPort, tlsPort };
}

export interface AcmeConfigOptions {
  challenge?: 'http-01' | 'tls-alpn-01';
  renewBefore?: string;
  directoryUrl?: string;
  keyType?: 'ecdsa-p256' | 'rsa-2048';
}

/** The `[acme]` table for `createInstance({ extraConfig })`. */
export function acmeConfig(world: AcmeWorld, options: AcmeConfigOptions = {}): string {
  return [
    '[acme]',
    'enabled = true',
    `directory_url = "${options.directoryUrl ?? world.pebble.directoryUrl}"`,
    'email = "postmaster@example.test"',
    `challenge = "${options.challenge ?? 'http-01'}"`,
    `renew_before = "${options.renewBefore ?? '30d'}"`,
    `key_type = "${options.keyType ?? 'ecdsa-p256'}"`,
    `ca_file = "${world.pebble.caFile}"`,
    '',
  ].join('\n');
}

/** SMTP (startInProcess needs one), implicit-TLS submission and IMAP on free ports, http/https on the world's. */
export function acmeListeners(world: AcmeWorld): string {
  const listener = (protocol: string, port: number, tls?: string): string => `[[listeners]]\nprotocol = "${protocol}"\naddress = "127.0.0.1"\nport = ${port}\n${tls === undefined ? '' : `tls = "${tls}"\n`}`;
  return [listener('smtp', 0, 'starttls'), listener('submission', 0, 'implicit'), listener('imap', 0, 'implicit'), listener('http', world.httpPort), listener('https', world.tlsPort)].join('\n');
}

export interface LoggedServer {
  readonly server: RunningServer;
  /** Every log line so far, parsed. */
  readonly logs: Array<Record<string, unknown>>;
  portOf(protocol: string): number;
}

/** The server in this process with a capturing logger; stopped after the test. */
export async function startLoggedServer(t: TestContext, dir: string): Promise<LoggedServer> {
  const { logger, lines } = captureLog('debug');
  const server = await startServer(dir, { logger });
  t.after(() => server.stop());
  return { server, logs: lines, portOf: (protocol) => server.listeners.find((l) => l.protocol === protocol)?.port ?? 0 };
}

export function liveFullchain(dir: string, name = HOSTNAME): string {
  return join(dir, 'certs/live', name, 'fullchain.pem');
}

/** Waits (bounded) until `read` gives something other than undefined. */
export async function waitFor<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The file's contents once it exists and differs from `previous`. */
export function waitForNewFile(path: string, previous?: string, timeoutMs?: number): Promise<string> {
  return waitFor(
    path,
    async () => {
      const text = await readFile(path, 'utf8').catch(() => undefined);
      return text !== undefined && text !== previous ? text : undefined;
    },
    timeoutMs,
  );
}

export function certificatesOf(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((block) => new X509Certificate(block));
}

/** Throws unless `fullchainPem` (leaf first) chains up to `rootPem`, each link signed by the next. */
export function assertChainsTo(fullchainPem: string, rootPem: string): X509Certificate {
  const chain = [...certificatesOf(fullchainPem), new X509Certificate(rootPem)];
  if (chain.length < 3) throw new Error(`expected a leaf and an intermediate, got ${chain.length - 1} certificates`);
  for (let i = 0; i + 1 < chain.length; i++) {
    const [cert, issuer] = [chain[i]!, chain[i + 1]!];
    if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) throw new Error(`${cert.subject} is not signed by ${issuer.subject}`);
  }
  return chain[0]!;
}

export interface PresentedCertificate {
  readonly peer: PeerCertificate;
  readonly authorized: boolean;
  readonly authorizationError: string | undefined;
}

/** The certificate an implicit-TLS listener presents for `servername`, checked against `ca`. */
export function presentedCertificate(port: number, servername: string, ca: string): Promise<PresentedCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca, rejectUnauthorized: false, timeout: 5000 }, () => {
      const result = { peer: socket.getPeerCertificate(), authorized: socket.authorized, authorizationError: socket.authorizationError?.message };
      socket.destroy();
      resolve(result);
    });
    socket.on('timeout', () => socket.destroy(new Error('TLS connect timed out')));
    socket.on('error', reject);
  });
}

/** The manager's clock and timers under the test's control: nothing fires until the test says so. */
export class FakeTimers implements AcmeTimers {
  time = Date.now();
  readonly #pending = new Map<number, { callback: () => void; ms: number }>();
  #ids = 0;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    this.#pending.set(++this.#ids, { callback, ms });
    return this.#ids;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /** Delays of the timers pending, other than those of `except` ms (the renewal-request poll). */
  delays(except: number): number[] {
    return [...this.#pending.values()].filter((timer) => timer.ms !== except).map((timer) => timer.ms);
  }

  /** Moves the clock by the pending timer of `ms` and fires it. */
  fire(ms: number): void {
    const entry = [...this.#pending].find(([, timer]) => timer.ms === ms);
    if (entry === undefined) throw new Error(`no timer of ${ms}ms pending (have ${[...this.#pending.values()].map((t) => t.ms).join(', ')})`);
    this.#pending.delete(entry[0]);
    this.time += ms;
    entry[1].callback();
  }
}

/** Write-once settings in memory, as the store's settings table behaves. */
export class MemorySettings implements SettingsStore {
  readonly values = new Map<string, string>();

  async findSetting(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }

  async initSetting(name: string, value: string): Promise<string> {
    if (!this.values.has(name)) this.values.set(name, value);
    return this.values.get(name)!;
  }
}

/** Our http and https listeners on the world's ports, answering from `challenges`; closed after the test. */
export async function startWebListeners(t: TestContext, world: AcmeWorld, challenges: AcmeChallenges, tls: TlsProvider): Promise<void> {
  const logger = silentLogger();
  const http = createHttpServer({ challenges, logger });
  const https = createHttpsServer({ challenges, logger, tls });
  t.after(() => Promise.all([http.close(0), https.close(0)]));
  await http.listen({ protocol: 'http', address: '127.0.0.1', port: world.httpPort, tls: 'none', encryption: 'optional' });
  await https.listen({ protocol: 'https', address: '127.0.0.1', port: world.tlsPort, tls: 'implicit', encryption: 'required' });
}
