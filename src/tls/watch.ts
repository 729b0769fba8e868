// Noticing renewed, imported and removed certificates without a signal: the provider records a stamp
// of every certificate file (inode, size, modification time) and of the store's entry list at each
// load; a timer compares a fresh stamp and reloads when it differs. Renewals (ACME, `cert import`,
// a certbot hook copying files) write new files by rename, which changes the inode, so a rewrite within
// the same second is still seen. Polling a handful of stat() calls is cheap and, unlike fs.watch,
// behaves the same on every platform and across renames of directories.
import { statSync } from 'node:fs';
import type { CertificateOrigin } from './sources.ts';

/** The state of the files behind `origins` (their names included, so a new or removed entry counts). */
export function certificateFilesStamp(origins: readonly CertificateOrigin[]): string {
  const parts: string[] = [];
  for (const origin of origins) {
    parts.push(origin.name);
    for (const file of [origin.files.cert, origin.files.key, origin.files.chain]) {
      if (file === undefined) continue;
      const stats = statSync(file, { throwIfNoEntry: false });
      parts.push(stats === undefined ? `${file}|missing` : `${file}|${stats.ino}|${stats.size}|${stats.mtimeMs}`);
    }
  }
  return parts.join('\n');
}

export interface CertificateWatch {
  stop(): void;
}

export interface WatchOptions {
  /** Milliseconds between checks; 0 does not watch. */
  intervalMs: number;
  /** After a reload that took new files into use. */
  onReload(): void;
  /** A reload that failed: the running certificates stay in use. Reported once per change of the files. */
  onError(err: unknown): void;
}

/**
 * Checks `provider` for changed files every `intervalMs`. The timer does not keep the process alive;
 * `stop()` ends it (at shutdown).
 */
export function watchCertificates(provider: { reloadIfChanged(): boolean }, options: WatchOptions): CertificateWatch {
  if (options.intervalMs <= 0) return { stop() {} };
  const timer = setInterval(() => {
    let reloaded: boolean;
    try {
      reloaded = provider.reloadIfChanged();
    } catch (err) {
      options.onError(err);
      return;
    }
    if (reloaded) options.onReload();
  }, options.intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
