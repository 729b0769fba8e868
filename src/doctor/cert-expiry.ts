// Watching the server's own certificates for expiry while it runs: once at start and then daily, each
// loaded certificate within 30 days of its end is logged (a warning; an error once expired), and the
// postmaster gets a mail at the 30, 14, 7 and 1 day marks.
//
// Invariants:
// - One mail per certificate (SHA-256 fingerprint) and mark, for every restart and every node on the
//   database: a node claims the mark first, in the store's write-once settings (`initSetting`, the first
//   writer wins), and only the node whose claim was stored sends. A send that fails after the claim is
//   logged and not retried: a missed notice is better than a flood, and the log repeats daily.
// - Only the most urgent mark reached counts: a server that first sees a certificate 5 days before
//   its end sends the 7-day notice, never the 30- and 14-day ones after it. An expired certificate
//   whose 1-day notice was never sent gets it (saying it has expired).
// - A renewed certificate has a new fingerprint, so its marks start afresh.
// - Checks never overlap; a failing check (store, delivery) is logged and the next one runs anyway.
import { randomUUID } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { localClient, primaryLocalDomain, type DeliveryTarget } from '../delivery/index.ts';
import type { Logger } from '../log/index.ts';
import type { MailService } from '../mail/types.ts';
import type { LoadedCertificate } from '../tls/index.ts';
import { DAY_MS, EXPIRY_WARNING_DAYS, daysToExpiry } from './certificate-checks.ts';
import { buildExpiryNotice, certificateLabel, type ExpiringCertificate } from './expiry-notice.ts';

export type { ExpiringCertificate } from './expiry-notice.ts';

/** Days before the end at which the postmaster is mailed, most urgent first. */
export const EXPIRY_NOTICE_MARKS = [1, 7, 14, 30] as const;

/** Calls `fn` every `ms` until the returned function is called (tests pass a fake). */
export type Ticker = (ms: number, fn: () => void) => () => void;

export interface ExpiryWatchOptions {
  /** The certificates the server loaded (read again at every check, so a renewal is seen). */
  certificates: () => Promise<readonly ExpiringCertificate[]> | readonly ExpiringCertificate[];
  /** The store: `initSetting` records the notices sent, `listDomains` gives the primary domain for the To: field. */
  mail: Pick<MailService, 'initSetting' | 'listDomains'>;
  /** Where the notices go in: a trusted local submission to a bare `postmaster` (RFC 5321 §4.5.1). */
  delivery: DeliveryTarget;
  hostname: string;
  now: () => number;
  logger: Logger;
  /** Default one day. */
  intervalMs?: number;
  ticker?: Ticker;
}

export interface ExpiryWatch {
  /** Runs a check now (after the one in progress, if any). */
  check(): Promise<void>;
  /** No more checks; waits for the one in progress. */
  stop(): Promise<void>;
}

const defaultTicker: Ticker = (ms, fn) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** What the watcher needs of a certificate the TLS provider loaded; `instanceDir` shortens its file name. */
export function toExpiringCertificate(certificate: LoadedCertificate, instanceDir: string): ExpiringCertificate {
  const inside = relative(resolve(instanceDir), certificate.files.cert);
  return {
    name: certificate.name,
    file: inside.startsWith('..') ? certificate.files.cert : inside,
    subject: certificate.subject,
    issuer: certificate.issuer,
    names: certificate.names,
    notAfter: certificate.notAfter,
    fingerprint256: certificate.fingerprint256,
  };
}

/** The most urgent mark reached with `days` left, if any. */
export function noticeMark(days: number): number | undefined {
  return EXPIRY_NOTICE_MARKS.find((mark) => days <= mark);
}

/** The settings row that records a mark's notice (write-once: its first writer sends). */
export function noticeSettingName(fingerprint256: string, mark: number): string {
  return `cert-expiry-notice:${fingerprint256.replace(/:/g, '').toLowerCase()}:${mark}`;
}

async function sendNotice(options: ExpiryWatchOptions, certificate: ExpiringCertificate, days: number, logger: Logger): Promise<void> {
  const domain = primaryLocalDomain(await options.mail.listDomains());
  const now = options.now();
  const text = buildExpiryNotice({
    certificate,
    days,
    hostname: options.hostname,
    to: `postmaster@${domain ?? options.hostname}`,
    date: new Date(now),
    messageId: `<cert-expiry.${randomUUID()}@${options.hostname}>`,
  });
  const body = Buffer.from(text, 'latin1');
  const tx = await options.delivery.start({ sender: '', declaredSize: body.length, client: localClient('cert-expiry', options.hostname) });
  const verdict = await tx.addRecipient('postmaster');
  if (!verdict.ok) {
    await tx.abort();
    logger.warn({ verdict: verdict.kind }, 'certificate expiry notice not sent: postmaster refused');
    return;
  }
  await tx.writeBody(body);
  const outcome = await tx.commit();
  if (outcome.ok) logger.info({ messageId: outcome.result.messageId }, 'certificate expiry notice sent to the postmaster');
  else logger.warn({ verdict: outcome.kind }, 'certificate expiry notice not sent');
}

async function checkOne(options: ExpiryWatchOptions, certificate: ExpiringCertificate, claim: string): Promise<void> {
  const now = options.now();
  const days = daysToExpiry(certificate.notAfter, now);
  const expired = certificate.notAfter.getTime() <= now;
  const logger = options.logger.child({ certificate: certificate.name, file: certificate.file, fingerprint256: certificate.fingerprint256 });
  const fields = { names: certificate.names, notAfter: certificate.notAfter.toISOString(), days };
  if (expired) logger.error(fields, 'certificate has expired: renew it and reload the server');
  else if (days <= EXPIRY_WARNING_DAYS) logger.warn(fields, 'certificate expires soon: renew it and reload the server');
  const mark = noticeMark(days);
  if (mark === undefined) return;
  const stored = await options.mail.initSetting(noticeSettingName(certificate.fingerprint256, mark), claim);
  if (stored !== claim) return;
  logger.info({ mark, label: certificateLabel(certificate) }, 'sending the certificate expiry notice');
  await sendNotice(options, certificate, days, logger);
}

export function startCertificateExpiryWatch(options: ExpiryWatchOptions): ExpiryWatch {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const runCheck = async (): Promise<void> => {
    let certificates: readonly ExpiringCertificate[];
    try {
      certificates = await options.certificates();
    } catch (err) {
      options.logger.error({ err }, 'certificate expiry check failed: cannot list the certificates');
      return;
    }
    // A claim names who sent and when: the value of the settings row, for whoever looks.
    const claim = `${options.hostname} pid ${process.pid} at ${new Date(options.now()).toISOString()} (${randomUUID()})`;
    const seen = new Set<string>();
    for (const certificate of certificates) {
      if (seen.has(certificate.fingerprint256)) continue; // the same certificate under two names
      seen.add(certificate.fingerprint256);
      try {
        await checkOne(options, certificate, claim);
      } catch (err) {
        options.logger.error({ err, certificate: certificate.name }, 'certificate expiry check failed');
      }
    }
  };
  const check = (): Promise<void> => {
    if (stopped) return running;
    running = running.then(runCheck);
    return running;
  };
  void check();
  const cancel = (options.ticker ?? defaultTicker)(options.intervalMs ?? DAY_MS, () => void check());
  return {
    check,
    async stop() {
      stopped = true;
      cancel();
      await running;
    },
  };
}
