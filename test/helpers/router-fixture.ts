// A real router over a real MailService in a temp dir, observed through a proxy that records deliveries
// and injects faults, with the envelope and client builders the delivery tests share.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, type ClientInfo, type DeliveryTransaction, type Envelope, type RouterOptions } from '../../src/delivery/index.ts';
import type { DeliveryRequest, DeliveryResult, MailService } from '../../src/mail/types.ts';
import { openMailService } from '../../src/server/open-mail.ts';
import { silentLogger, type Logger } from '../../src/log/index.ts';
import { hashPassword } from '../../src/auth/index.ts';

export const OPTIONS: RouterOptions = { hostname: 'mx.example.test', plusDelimiter: '+', maxAliasDepth: 10, maxReceivedHeaders: 5, maxHeaderSize: 4096 };
export const NOW = Date.UTC(2025, 0, 6, 10, 0, 0);
/** One hash for every account: these tests never log in, and Argon2id is slow on purpose. */
export const PASSWORD_HASH = await hashPassword('not used here');

export interface Fixture {
  dir: string;
  mail: MailService;
  /** Every request the router gave to `deliver`, with its result. */
  deliveries: Array<{ request: DeliveryRequest; result: DeliveryResult }>;
  /** Makes the next `findDomain` or `deliver` call fail as a broken database would. */
  failNext: Set<'findDomain' | 'deliver'>;
  close(): Promise<void>;
}

/** A real MailService in a temp dir, observed through a proxy that records deliveries and injects faults. */
export async function setup(opts: { accounts?: Array<{ address: string; quotaBytes?: number }>; aliases?: Record<string, string[]> } = {}): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-router-'));
  const real = await openMailService(dir, silentLogger());
  try {
    await real.addDomain('example.test');
    for (const account of opts.accounts ?? [{ address: 'ann@example.test' }, { address: 'bob@example.test' }, { address: 'cid@example.test' }]) {
      await real.addAccount({ address: account.address, passwordHash: PASSWORD_HASH, quotaBytes: account.quotaBytes ?? null });
    }
    for (const [address, targets] of Object.entries(opts.aliases ?? {})) await real.addAlias(address, targets);
  } catch (err) {
    await real.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const deliveries: Fixture['deliveries'] = [];
  const failNext: Fixture['failNext'] = new Set();
  const mail = new Proxy(real, {
    get(target, prop) {
      if (prop === 'findDomain' && failNext.delete('findDomain')) return async () => Promise.reject(new Error('database unavailable'));
      if (prop === 'deliver') {
        return async (request: DeliveryRequest) => {
          if (failNext.delete('deliver')) throw new Error('disk full');
          const result = await target.deliver(request);
          deliveries.push({ request, result });
          return result;
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    dir,
    mail,
    deliveries,
    failNext,
    async close() {
      await real.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function client(overrides: Partial<ClientInfo> = {}): ClientInfo {
  return {
    sessionId: 'sess-1',
    address: '203.0.113.9',
    port: 40000,
    helo: 'client.example.net',
    tls: null,
    authenticatedAs: null,
    inRelayNetwork: false,
    local: false,
    ...overrides,
  };
}

export function envelope(overrides: Partial<Envelope> = {}, clientOverrides: Partial<ClientInfo> = {}): Envelope {
  return { sender: 'joerg@remote.example', declaredSize: null, client: client(clientOverrides), ...overrides };
}

export async function startTx(fx: Fixture, env: Envelope = envelope(), options: RouterOptions = OPTIONS, logger: Logger = silentLogger()): Promise<DeliveryTransaction> {
  return createRouter({ mail: fx.mail, options, logger, clock: () => NOW }).start(env);
}

/** Writes the message in small chunks, as a session streaming DATA would. */
export async function writeMessage(tx: DeliveryTransaction, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'latin1');
  for (let at = 0; at < bytes.length; at += 7) await tx.writeBody(bytes.subarray(at, at + 7));
}
