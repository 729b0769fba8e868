// The outbound queue over real parts: a MailService in a temp dir, the router, the SMTP transfer, the
// DKIM signer and the notifier, with a fake resolver (remote domains → 127.0.0.1) and fake MX servers on
// loopback, and one settable clock shared by the store and the runner. The runner is manual: a test
// submits mail and calls `pass()`, then moves the clock to the next due time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createRouter, type ClientInfo } from '../../src/delivery/index.ts';
import { createLogger, type Logger } from '../../src/log/index.ts';
import type { MailService, QueueEntry, RecipientDsn } from '../../src/mail/index.ts';
import { createDkimSigner, createSmtpTransfer, DEFAULT_ROUTE_SETTINGS, type RouteSettings } from '../../src/outbound/index.ts';
import { createNotifier } from '../../src/queue/notifications.ts';
import { startQueueRunner, type QueueRunner, type QueueSettings } from '../../src/queue/runner.ts';
import { openMailService } from '../../src/server/open-mail.ts';
import { FakeResolver, type Zone } from '../fakes/resolver.ts';
import { hashPassword } from '../../src/auth/index.ts';
import { readMailbox, type StoredMessage } from './mailbox.ts';

export const HOSTNAME = 'mx.example.test';
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const PASSWORD_HASH = await hashPassword('unused');

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  retrySchedule: [5 * 60_000, 10 * 60_000, 20 * 60_000, 40 * 60_000, 60 * 60_000],
  maxLifetime: 5 * 24 * 3600_000,
  delayWarning: 4 * 3600_000,
  concurrency: 4,
};

export interface QueueFixture {
  dir: string;
  /** The router the fixture submits through (aliases, forwarding and SRS apply). */
  router: ReturnType<typeof createRouter>;
  mail: MailService;
  resolver: FakeResolver;
  runner: QueueRunner;
  logs: Array<Record<string, unknown>>;
  clock: { now: number };
  settings: QueueSettings;
  /** Route settings in use; mxPort is what remote domains' MX hosts listen on. */
  routes: RouteSettings;
  /**
   * Accepts a message from a trusted local client (as pickup would) and returns its queue entries;
   * `dsn` goes with every recipient; `client` overrides the client (e.g. an untrusted one).
   */
  submit(sender: string, recipients: readonly string[], body?: string, options?: { dsn?: RecipientDsn; client?: Partial<ClientInfo>; smtputf8?: boolean }): Promise<QueueEntry[]>;
  pass(): Promise<void>;
  inbox(address: string): Promise<StoredMessage[]>;
}

export interface QueueFixtureOptions {
  zone?: Zone;
  mxPort: number;
  settings?: Partial<QueueSettings>;
  /** A CA the transfer trusts (a smart host's test certificate). */
  ca?: string;
  /** Route settings besides the MX port (transports, a smart host). */
  routes?: Partial<RouteSettings>;
  /** `queue.postmaster_copy`; the postmaster is ann@example.test (the admin). */
  postmasterCopy?: boolean;
}

const LOCAL: ClientInfo = { sessionId: 'test', address: '127.0.0.1', port: 0, helo: 'localhost', tls: null, authenticatedAs: null, inRelayNetwork: false, local: true };

export async function queueFixture(t: TestContext, options: QueueFixtureOptions): Promise<QueueFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-queue-'));
  const clock = { now: START };
  const now = (): number => clock.now;
  const logs: Array<Record<string, unknown>> = [];
  const logger: Logger = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const mail = await openMailService(dir, logger, now);
  t.after(async () => {
    await mail.close();
    await rm(dir, { recursive: true, force: true });
  });
  await mail.addDomain('example.test');
  for (const address of ['ann@example.test', 'bob@example.test']) await mail.addAccount({ address, passwordHash: PASSWORD_HASH, quotaBytes: null, isAdmin: address.startsWith('ann') });
  const resolver = new FakeResolver(options.zone ?? { 'remote.test': { mx: [{ preference: 10, exchange: 'mx1.remote.test' }] }, 'mx1.remote.test': { a: ['127.0.0.1'] } });
  const router = createRouter({
    mail,
    options: { hostname: HOSTNAME, plusDelimiter: '+', maxAliasDepth: 10, maxReceivedHeaders: 50, maxHeaderSize: 64 * 1024 },
    logger,
    clock: now,
  });
  const transfer = createSmtpTransfer({ ehloName: HOSTNAME, ...(options.ca === undefined ? {} : { ca: options.ca }), timeouts: { connectMs: 2000, greetingMs: 3000, commandMs: 3000, dataStartMs: 3000, dataBlockMs: 3000, dataEndMs: 3000 }, logger });
  t.after(() => transfer.close());
  const settings = { ...DEFAULT_QUEUE_SETTINGS, ...options.settings };
  const routes: RouteSettings = { ...DEFAULT_ROUTE_SETTINGS, mxPort: options.mxPort, addressPreference: 'ipv4-only', ownHostnames: [HOSTNAME], ...options.routes };
  const runner = startQueueRunner({
    manual: true,
    mail,
    resolver,
    routes: () => routes,
    settings: () => settings,
    transfer,
    dkim: createDkimSigner({ keys: mail, now }),
    notify: createNotifier({ delivery: router, blobs: mail.blobs, hostname: HOSTNAME, returnedSizeLimit: 50_000, postmasterCopy: options.postmasterCopy ?? false, now, logger }),
    random: () => 0.5,
    now,
    logger,
  });
  t.after(() => runner.stop());
  return {
    dir,
    router,
    mail,
    resolver,
    runner,
    logs,
    clock,
    settings,
    routes,
    async submit(sender, recipients, body = 'Subject: test\r\nFrom: ann@example.test\r\n\r\nHello.\r\n', options = {}) {
      const tx = await router.start({ sender, declaredSize: null, client: { ...LOCAL, ...options.client }, ...(options.smtputf8 ? { smtputf8: true } : {}) });
      for (const recipient of recipients) {
        const verdict = await tx.addRecipient(recipient, options.dsn);
        if (!verdict.ok) throw new Error(`${recipient} refused: ${verdict.kind}`);
      }
      await tx.writeBody(Buffer.from(body, 'utf8'));
      const outcome = await tx.commit();
      if (!outcome.ok) throw new Error(`commit refused: ${outcome.kind}`);
      return (await mail.listQueue()).filter((entry) => entry.messageId === outcome.result.messageId);
    },
    pass: () => runner.runOnce(),
    inbox: (address) => readMailbox(dir, address),
  };
}
