// Periodic store upkeep while the server runs: the change log is trimmed to `store.change_log_retention`
// once at start and then hourly, so it cannot grow without bound; CONDSTORE/QRESYNC clients away longer
// than the retention get a full resync (RFC 7162 §3.2.5.2 lets a server forget old expunges).
import type { Logger } from '../log/index.ts';
import type { MailService } from '../mail/types.ts';

const INTERVAL_MS = 3_600_000;

export interface Maintenance {
  stop(): Promise<void>;
}

export function startMaintenance(mail: MailService, retentionMs: () => number, logger: Logger): Maintenance {
  let running: Promise<void> = Promise.resolve();
  const trim = () => {
    running = mail
      .trimChangeLog(retentionMs())
      .then((rows) => {
        if (rows > 0) logger.info({ rows }, 'trimmed the change log');
      })
      .catch((err: Error) => logger.error({ err }, 'change log trim failed'));
  };
  trim();
  const timer = setInterval(trim, INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
