// The composition root: config → TLS → listeners (bound first) → privilege drop → store → delivery.
// The only module that wires concrete implementations together (DESIGN.md).
import { join } from 'node:path';
import { loadConfig, effectiveListeners, type Config, type ListenerConfig } from '../config/index.ts';
import { createLogger, type Logger } from '../log/index.ts';
import { NetworkList } from '../util/cidr.ts';
import { loadTlsProvider, tlsWarnings, watchCertificates } from '../tls/index.ts';
import { createSmtpServer } from '../smtp/index.ts';
import { primaryLocalDomain, startPickupFolder } from '../smtp/local/index.ts';
import { createImapServer } from '../imap/index.ts';
import { createPop3Server } from '../pop3/index.ts';
import { createRouter, srsSettings, type RouterOptions } from '../delivery/index.ts';
import { createAuthenticator, type Authenticator } from '../auth/index.ts';
import type { MailService } from '../mail/types.ts';
import { openMailService } from './open-mail.ts';
import { DeferredDeliveryTarget } from './deferred-delivery.ts';
import { startMaintenance } from './maintenance.ts';
// certificate expiry
import { startCertificateExpiryWatch, toExpiringCertificate } from '../doctor/index.ts';
import { startOutboundQueue, type OutboundQueue } from './outbound-queue.ts';
import type { Resolver } from '../dns/index.ts';
import { chownTree, dropPrivileges, isRoot, lookupUser } from './privileges.ts';
// ACME
import { createHttpServer, createHttpsServer } from '../http/index.ts';
import { AcmeChallenges, acmeSettings, startAcmeManager } from '../tls/acme/index.ts';

export interface BoundListener {
  protocol: ListenerConfig['protocol'];
  address: string;
  port: number;
  tls: ListenerConfig['tls'];
}

export interface RunningServer {
  readonly listeners: BoundListener[];
  readonly logger: Logger;
  /** SIGHUP: re-reads mailstead.toml and certificates; limits, relay networks and TLS apply to new sessions. */
  reload(): Promise<void>;
  /** Graceful stop: no new connections, sessions finish within shutdown_timeout, store closed. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Tests pass a silent or capturing logger; otherwise JSON lines on stdout at the configured level. */
  logger?: Logger;
  /** Tests pass a resolver for their test DNS; otherwise `[dns] servers` or the system's. */
  resolver?: Resolver;
}

/** Also what `mailstead sendmail` delivers through. */
export function routerOptions(config: Config): RouterOptions {
  return {
    hostname: config.hostname,
    plusDelimiter: config.delivery.plus_delimiter,
    maxAliasDepth: config.delivery.max_alias_depth,
    maxReceivedHeaders: config.smtp.max_received_headers,
    maxHeaderSize: config.smtp.max_header_size,
    srs: srsSettings(config.srs),
  };
}

/** `relay_networks_allow_all` forced an every-address relay network: said at every start and reload. */
function warnOpenRelay(config: Config, logger: Logger): void {
  const open = config.smtp.relay_networks.filter((network) => network.trim().endsWith('/0'));
  if (open.length > 0) logger.warn({ relayNetworks: open }, 'relay_networks lets every address relay: this is an open relay unless a firewall restricts port 25');
}

export async function startServer(dir: string, opts: StartOptions = {}): Promise<RunningServer> {
  let config = loadConfig(dir);
  const logger = opts.logger ?? createLogger(config.log.level);
  const tls = loadTlsProvider(dir, config.tls);
  // TLS: warnings at start and after each reload; new, renewed or removed certificate files are noticed by themselves
  const warnTls = (): void => {
    tlsWarnings(tls).forEach((warning) => logger.warn({ certificate: warning.certificate }, warning.message));
    tls.skipped().forEach((err) => logger.error({ file: err.file }, `certificate not served: ${err.message}`));
  };
  warnTls();
  const certificateWatch = watchCertificates(tls, {
    intervalMs: config.tls.watch_interval,
    onReload: () => {
      logger.info({ certificates: tls.certificates().length }, 'certificates reloaded');
      warnTls();
    },
    onError: (err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'certificate reload failed; the running certificates stay in use'),
  });
  const delivery = new DeferredDeliveryTarget();
  // Listeners are bound before the privilege drop and the store opens after it: sessions that arrive in
  // between wait for the store.
  const mailOpened = Promise.withResolvers<MailService>();
  mailOpened.promise.catch(() => {});
  const submissionAuth = mailOpened.promise.then((opened) => createAuthenticator(opened));
  submissionAuth.catch(() => {});
  const authenticator: Authenticator = { authenticate: async (username, password) => (await submissionAuth).authenticate(username, password) };
  const smtp = createSmtpServer({
    authenticator,
    hostname: config.hostname,
    settings: config.smtp,
    delivery,
    tls,
    logger,
    relayNetworks: new NetworkList(config.smtp.relay_networks),
  });

  const listeners: BoundListener[] = [];
  let mail: MailService | undefined;
  const imap = createImapServer({ settings: config.imap, mail: mailOpened.promise, tls, logger });
  const pop3 = createPop3Server({ settings: config.pop3, mail: mailOpened.promise, tls, logger });
  // One SMTP server serves port 25 and the submission ports; each session knows its listener's kind.
  // ACME: the web listeners answer the challenges the ACME manager provisions.
  const acmeChallenges = new AcmeChallenges();
  const http = createHttpServer({ challenges: acmeChallenges, logger });
  const https = createHttpsServer({ challenges: acmeChallenges, tls, logger });
  const servers = { smtp, submission: smtp, imap, pop3, http, https } as const;
  warnOpenRelay(config, logger);
  try {
    for (const listener of effectiveListeners(config)) {
      const bound = await servers[listener.protocol].listen(listener);
      logger.info({ protocol: listener.protocol, address: bound.address, port: bound.port, tls: listener.tls }, 'listening');
      listeners.push({ protocol: listener.protocol, address: bound.address, port: bound.port, tls: listener.tls });
    }
    if (isRoot() && config.user) {
      const ids = lookupUser(config.user);
      chownTree(dir, ids);
      dropPrivileges(ids);
      logger.info({ user: config.user, uid: ids.uid, gid: ids.gid }, 'dropped privileges');
    }
    mail = await openMailService(dir, logger);
    const stale = await mail.blobs.cleanTmp(0);
    if (stale > 0) logger.info({ files: stale }, 'removed temporary files of interrupted deliveries');
  } catch (err) {
    certificateWatch.stop(); // TLS
    delivery.fail(err as Error);
    mailOpened.reject(err);
    await Promise.all([smtp.close(0), imap.close(0), pop3.close(0), http.close(0), https.close(0)]);
    await mail?.close();
    throw err;
  }
  mailOpened.resolve(mail);

  // The queue sends the router's "delivered" reports; the router is the queue's way back in (bounces).
  let outboundQueue: OutboundQueue | undefined;
  const router = createRouter({ mail, options: routerOptions(config), logger, onDelivered: (report) => outboundQueue?.reportDelivered(report) });
  delivery.resolve(router);
  const openMail = mail;
  const maintenance = startMaintenance(mail, () => config.store.change_log_retention, logger);
  // ACME: issues and renews in the background (never delays the start); new connections get the new certificate.
  const acmeConfig = acmeSettings(config);
  const acme = acmeConfig === undefined ? null : startAcmeManager({ instanceDir: dir, settings: acmeConfig, challenges: acmeChallenges, store: mail, logger, onRenewed: () => tls.reload() });
  // outbound queue
  const outbound = startOutboundQueue({ config: () => config, mail, delivery: router, logger, ...(opts.resolver === undefined ? {} : { resolver: opts.resolver }) });
  outboundQueue = outbound;
  // pickup folder: started once the router exists, stopped first
  const pickupLimits = () => ({ maxMessageSize: config.smtp.max_message_size, maxHeaderSize: config.smtp.max_header_size });
  const pickup = config.pickup.enabled
    ? startPickupFolder({ dir: join(dir, 'pickup'), delivery: router, hostname: config.hostname, interval: config.pickup.interval, limits: pickupLimits, localDomain: async () => primaryLocalDomain(await openMail.listDomains()), logger: logger.child({ component: 'pickup' }) })
    : null;
  // certificate expiry: logged daily, the postmaster mailed at 30, 14, 7 and 1 days (src/doctor/cert-expiry.ts)
  const certificateExpiry = startCertificateExpiryWatch({
    // Only certificates some client gets: a self-signed bootstrap certificate an imported or ACME one
    // replaced is not worth a mail when it runs out.
    certificates: () =>
      tls
        .usage()
        .filter((use) => use.isDefault || use.servedNames.length > 0)
        .map((use) => toExpiringCertificate(use.certificate, dir)),
    mail: openMail,
    delivery: router,
    hostname: config.hostname,
    now: Date.now,
    logger: logger.child({ component: 'cert-expiry' }),
  });
  logger.info({ listeners: listeners.length }, 'ready');

  return {
    listeners,
    logger,
    async reload() {
      const next = loadConfig(dir);
      tls.reload(next.tls);
      warnTls();
      smtp.reconfigure(next.smtp, new NetworkList(next.smtp.relay_networks));
      warnOpenRelay(next, logger);
      imap.reconfigure(next.imap);
      pop3.reconfigure(next.pop3);
      router.reconfigure(routerOptions(next));
      logger.level = next.log.level;
      if (JSON.stringify(effectiveListeners(next)) !== JSON.stringify(effectiveListeners(config)) || next.hostname !== config.hostname) {
        logger.warn('listener or hostname changes take effect at the next restart');
      }
      if (JSON.stringify(next.acme) !== JSON.stringify(config.acme)) logger.warn('[acme] changes take effect at the next restart'); // ACME
      config = next;
      logger.info('configuration reloaded');
    },
    async stop() {
      await acme?.stop(); // ACME: first, while the web listeners can still answer a challenge in progress
      await pickup?.stop(); // pickup folder
      certificateWatch.stop(); // TLS
      await certificateExpiry.stop(); // certificate expiry
      await Promise.all([smtp.close(config.shutdown_timeout), imap.close(config.shutdown_timeout), pop3.close(config.shutdown_timeout), http.close(config.shutdown_timeout), https.close(config.shutdown_timeout)]);
      await outbound.stop();
      await maintenance.stop();
      await openMail.close();
      logger.info('stopped');
    },
  };
}
