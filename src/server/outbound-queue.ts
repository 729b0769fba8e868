// Builds the outbound queue from the configuration: DNS resolver, route settings, the SMTP transfer,
// the DKIM signer, the notifier (bounces go back through the router) and the runner. Route and queue
// settings are read through closures, so a SIGHUP reload applies to the next attempt; the transfer's
// connection settings (EHLO name, source addresses, limits) are fixed until restart.
import type { Config } from '../config/index.ts';
import type { LocalDeliveryReport } from '../delivery/index.ts';
import type { DeliveryTarget } from '../delivery/types.ts';
import { NodeResolver, type Resolver } from '../dns/index.ts';
import type { Logger } from '../log/index.ts';
import type { MailService } from '../mail/types.ts';
import { createDkimSigner, createSmtpTransfer, DEFAULT_ROUTE_SETTINGS, type NextHop, type RouteSettings } from '../outbound/index.ts';
import { createNotifier } from '../queue/notifications.ts';
import { startQueueRunner, type QueueRunner, type QueueSettings } from '../queue/runner.ts';

export interface OutboundQueueDeps {
  config: () => Config;
  mail: MailService;
  delivery: DeliveryTarget;
  logger: Logger;
  /** Tests inject a resolver for their test DNS; otherwise `[dns] servers` or the system's. */
  resolver?: Resolver;
  now?: () => number;
  random?: () => number;
}

export interface OutboundQueue {
  runner: QueueRunner;
  /** Sends "delivered" reports for local recipients that asked for them (RFC 3461 §5.2.2). */
  reportDelivered(report: LocalDeliveryReport): void;
  stop(): Promise<void>;
}

type HopConfig = NonNullable<Config['outbound']['smart_host']>;

function nextHop(hop: HopConfig): NextHop {
  return {
    host: hop.host,
    port: hop.port,
    tls: hop.tls,
    auth: hop.username === undefined ? null : { username: hop.username, password: hop.password ?? '' },
    verifyCertificate: hop.verify_certificate,
    ...(hop.rewrite_sender === undefined ? {} : { rewriteSender: hop.rewrite_sender }),
  };
}

export function routeSettings(config: Config): RouteSettings {
  const outbound = config.outbound;
  return {
    ...DEFAULT_ROUTE_SETTINGS,
    transports: outbound.routes.map((route) => ({ ...nextHop(route), domain: route.domain })),
    smartHost: outbound.smart_host === undefined ? null : nextHop(outbound.smart_host),
    mxPort: outbound.mx_port,
    addressPreference: outbound.address_preference,
    ownHostnames: [config.hostname, ...(outbound.helo_name === undefined ? [] : [outbound.helo_name])],
  };
}

export function queueSettings(config: Config): QueueSettings {
  return {
    retrySchedule: config.queue.retry_schedule,
    maxLifetime: config.queue.max_lifetime,
    delayWarning: config.queue.delay_warning,
    concurrency: config.queue.concurrency,
  };
}

export function startOutboundQueue(deps: OutboundQueueDeps): OutboundQueue {
  const config = deps.config();
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ component: 'queue' });
  const source = config.outbound;
  const transfer = createSmtpTransfer({
    ehloName: source.helo_name ?? config.hostname,
    localAddress: {
      ...(source.source_address === undefined ? {} : { ipv4: source.source_address }),
      ...(source.source_address6 === undefined ? {} : { ipv6: source.source_address6 }),
    },
    connections: { maxPerDestination: source.max_connections_per_destination },
    logger,
  });
  const notify = createNotifier({
    delivery: deps.delivery,
    blobs: deps.mail.blobs,
    hostname: config.hostname,
    returnedSizeLimit: config.queue.bounce_size_limit,
    postmasterCopy: config.queue.postmaster_copy,
    now,
    logger,
  });
  const runner = startQueueRunner({
    mail: deps.mail,
    resolver: deps.resolver ?? new NodeResolver({ servers: config.dns.servers }),
    routes: () => routeSettings(deps.config()),
    settings: () => queueSettings(deps.config()),
    transfer,
    dkim: createDkimSigner({ keys: deps.mail, now }),
    notify,
    random: deps.random ?? Math.random,
    now,
    logger,
  });
  return {
    runner,
    reportDelivered(report) {
      const at = new Date(now());
      const recipients = report.recipients.map(({ address, orcpt }) => ({
        finalRecipient: address,
        ...(orcpt === null ? {} : { originalRecipient: orcpt }),
        action: 'delivered' as const,
        status: '2.0.0',
        lastAttemptDate: at,
      }));
      notify({ sender: report.sender, envid: report.envid, ret: report.ret, receivedAt: report.receivedAt, blobHash: report.blobHash }, recipients).catch((err: unknown) =>
        logger.error({ err }, 'sending a delivery report failed'),
      );
    },
    async stop() {
      // No new group from now on; deliveries waiting for a connection slot are deferred at once.
      const stopped = runner.stop();
      transfer.close();
      await stopped;
    },
  };
}
