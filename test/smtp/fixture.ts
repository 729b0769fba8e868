// Starts a real SMTP server on 127.0.0.1 port 0 with a fake delivery target and a fixed clock, and
// makes the self-signed certificate the TLS tests share (generated once per test process).
import type { TestContext } from 'node:test';
import { createSecureContext } from 'node:tls';
import { generate } from 'selfsigned';
import type { Authenticator } from '../../src/auth/index.ts';
import { configSchema, type ListenerConfig } from '../../src/config/index.ts';
import { fakeAccount } from '../fakes/account.ts';
import { createLogger, type Logger } from '../../src/log/index.ts';
import { createSmtpServer, type SmtpServer, type SmtpSettings } from '../../src/smtp/index.ts';
import type { TlsProvider } from '../../src/tls/provider.ts';
import { NetworkList } from '../../src/util/cidr.ts';
import { FakeDelivery } from '../fakes/delivery.ts';
import { SmtpTestClient } from '../helpers/smtp-client.ts';

export const HOSTNAME = 'mx.example.test';
export const FIXED_DATE = new Date('2024-01-02T10:00:00Z');

export interface SmtpHarness {
  server: SmtpServer;
  port: number;
  delivery: FakeDelivery;
  /** Parsed log lines. */
  logs: Array<Record<string, unknown>>;
  /** A connected client (greeting not read). */
  client(): Promise<SmtpTestClient>;
  close(graceMs?: number): Promise<void>;
}

export interface HarnessOptions {
  settings?: Partial<SmtpSettings>;
  listener?: Partial<ListenerConfig>;
  tls?: TlsProvider | null;
  relayNetworks?: string[];
  delivery?: FakeDelivery;
  /** Accounts AUTH accepts, address → password; default USERS. */
  users?: Readonly<Record<string, string>>;
}

/** The accounts AUTH accepts unless a test says otherwise. */
export const USERS: Readonly<Record<string, string>> = { 'alice@example.test': 'alice-secret' };

/** An Authenticator over address → password, standing in for the store and Argon2. */
export function fakeAuthenticator(users: Readonly<Record<string, string>>): Authenticator {
  return {
    async authenticate(username, password) {
      const address = username.toLowerCase();
      if (users[address] !== password) return undefined;
      return fakeAccount(Object.keys(users).indexOf(address) + 1, address);
    },
  };
}

export function defaultSettings(): SmtpSettings {
  return configSchema.parse({ hostname: HOSTNAME }).smtp;
}

export async function startSmtp(options: HarnessOptions = {}): Promise<SmtpHarness> {
  const delivery = options.delivery ?? new FakeDelivery();
  const logs: Array<Record<string, unknown>> = [];
  const logger: Logger = createLogger('debug', {
    write(line: string) {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  const server = createSmtpServer({
    hostname: HOSTNAME,
    settings: { ...defaultSettings(), ...options.settings },
    delivery,
    tls: options.tls ?? null,
    logger,
    clock: () => FIXED_DATE,
    relayNetworks: new NetworkList(options.relayNetworks ?? []),
    authenticator: fakeAuthenticator(options.users ?? USERS),
  });
  const listener: ListenerConfig = { protocol: 'smtp', address: '127.0.0.1', port: 0, tls: 'none', ...options.listener };
  const { port } = await server.listen(listener);
  const clients: SmtpTestClient[] = [];
  return {
    server,
    port,
    delivery,
    logs,
    async client() {
      const client = listener.tls === 'implicit' ? await SmtpTestClient.connectTls(port) : await SmtpTestClient.connect(port);
      clients.push(client);
      return client;
    },
    async close(graceMs = 0) {
      for (const client of clients) client.close();
      await server.close(graceMs);
    },
  };
}

/** startSmtp, closed when the test ends (also when it fails). */
export async function smtpFor(t: TestContext, options: HarnessOptions = {}): Promise<SmtpHarness> {
  const harness = await startSmtp(options);
  t.after(() => harness.close());
  return harness;
}

/** Greets with EHLO and opens a transaction; asserts nothing, returns the replies. */
export async function openTransaction(client: SmtpTestClient, sender: string, recipients: readonly string[]): Promise<string[]> {
  const raws = [(await client.greetAndEhlo()).raw, (await client.command(`MAIL FROM:<${sender}>`)).raw];
  for (const recipient of recipients) raws.push((await client.command(`RCPT TO:<${recipient}>`)).raw);
  return raws;
}

let certificate: Promise<{ key: string; cert: string }> | undefined;

/** A TlsProvider over a self-signed certificate for HOSTNAME. */
export async function testTlsProvider(): Promise<TlsProvider> {
  certificate ??= generate([{ name: 'commonName', value: HOSTNAME }], { keySize: 2048, algorithm: 'sha256' }).then((pems) => ({
    key: pems.private,
    cert: pems.cert,
  }));
  const { key, cert } = await certificate;
  const context = createSecureContext({ key, cert, minVersion: 'TLSv1.2' });
  return { secureContext: () => context, minVersion: 'TLSv1.2' };
}
