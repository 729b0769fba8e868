// The listeners' certificates: the `[tls]` default pair, every `[[tls.certificates]]` entry and every
// entry of the certificate store, each checked (key matches, chain ordered) and turned into a secure
// context with the TLS policy applied. Problems are found here, at start or reload, with the file
// named, rather than as failed handshakes later.
//
// Invariants:
// - All or nothing: a load or reload either takes every certificate into use or throws a TlsFileError
//   naming the first file that failed, and then the running set stays as it was.
// - An expired certificate still loads (the caller warns, see warnings.ts), so the server starts;
//   SNI prefers a valid certificate for the same name when there is one (selection.ts).
import { createSecureContext, type SecureContext, type SecureVersion } from 'node:tls';
import type { Config } from '../config/index.ts';
import { readCertificatePair, type CertificatePair } from './certificate-pair.ts';
import { TlsFileError } from './file-error.ts';
import { describeCertificate, type LoadedCertificate } from './loaded-certificate.ts';
import { tlsPolicy, type TlsPolicy } from './policy.ts';
import type { TlsProvider } from './provider.ts';
import { CertificateSelection } from './selection.ts';
import { certificateOrigins, type CertificateOrigin } from './sources.ts';
import { certificateFilesStamp } from './watch.ts';

export { TlsFileError } from './file-error.ts';

/** How one loaded certificate is served (see selection.ts for the rules). */
export interface CertificateUse {
  readonly certificate: LoadedCertificate;
  /** Served to clients that send no server name, or one no certificate holds. */
  readonly isDefault: boolean;
  /** Its names for which SNI picks it; a name a better certificate also holds is left out. */
  readonly servedNames: readonly string[];
}

export interface LoadedTlsProvider extends TlsProvider {
  /** Every loaded certificate, best first (the order SNI prefers them in for a shared name). */
  certificates(): LoadedCertificate[];
  /** The certificate clients without a (known) server name get now. */
  defaultCertificate(): LoadedCertificate;
  /** For each certificate: whether it is the default now, and the names it serves. */
  usage(): CertificateUse[];
  /** Store entries left out of the last load because they could not be used, each naming its file. */
  skipped(): readonly TlsFileError[];
  /** The policy the contexts are built with (`min_version`, ciphers). */
  readonly policy: TlsPolicy;
  /**
   * Re-reads every certificate (and the store's entry list), with `tlsConfig` when given (a reloaded
   * mailstead.toml), else the current one. Throws TlsFileError and keeps the running set when a
   * configured file fails; a broken store entry keeps serving its previous version (see `skipped()`).
   */
  reload(tlsConfig?: Config['tls']): void;
  /** Reloads when a file or the store's entry list changed since the last load; true when it did. Throws as reload. */
  reloadIfChanged(): boolean;
}

export interface LoadOptions {
  /** The clock that judges validity at each handshake; tests pass a fixed one. */
  now?: () => Date;
}

interface LoadedEntry {
  readonly certificate: LoadedCertificate;
  readonly context: SecureContext;
}

interface LoadedSet {
  readonly config: Config['tls'];
  readonly policy: TlsPolicy;
  readonly selection: CertificateSelection<LoadedEntry>;
  readonly stamp: string;
  /** Store entries that could not be loaded and are not served (the others still are). */
  readonly skipped: readonly TlsFileError[];
}

/** The server context of one certificate under the policy; a TlsFileError naming `certFile` when OpenSSL refuses it (e.g. a key too small for the security level). */
export function createCertificateContext(pair: CertificatePair, policy: TlsPolicy, certFile: string): SecureContext {
  try {
    return createSecureContext({ cert: pair.fullchainPem, key: pair.keyPem, ...policy });
  } catch (err) {
    throw new TlsFileError(certFile, `cannot be used for TLS: ${(err as Error).message}`);
  }
}

function loadEntry(origin: CertificateOrigin, policy: TlsPolicy): LoadedEntry {
  const pair = readCertificatePair(origin.files);
  return { certificate: describeCertificate(pair, origin), context: createCertificateContext(pair, policy, origin.files.cert) };
}

function loadSet(dir: string, tlsConfig: Config['tls'], previous?: LoadedSet): LoadedSet {
  const origins = certificateOrigins(dir, tlsConfig);
  // The stamp is taken before reading: a file replaced while we read makes the next check reload again.
  const stamp = certificateFilesStamp(origins);
  const policy = tlsPolicy(tlsConfig);
  // What the administrator configured must load; a broken store entry (half-written by a crash, copied in
  // by hand) is reported and, on a reload, served as it was before, else left out: it can neither stop
  // the start nor keep a renewed certificate from loading.
  const entries: LoadedEntry[] = [];
  const skipped: TlsFileError[] = [];
  for (const origin of origins) {
    try {
      entries.push(loadEntry(origin, policy));
    } catch (err) {
      if (origin.source !== 'store' || !(err instanceof TlsFileError)) throw err;
      skipped.push(err);
      const before = previous?.selection.entries.find((entry) => entry.certificate.source === 'store' && entry.certificate.name === origin.name);
      if (before !== undefined) entries.push(before);
    }
  }
  return { config: tlsConfig, policy, selection: new CertificateSelection(entries, entries[0]!), stamp, skipped };
}

function usageOf<T extends { certificate: LoadedCertificate }>(selection: CertificateSelection<T>, now: Date): CertificateUse[] {
  return selection.usage(now).map((use) => ({ certificate: use.entry.certificate, isDefault: use.isDefault, servedNames: use.servedNames }));
}

/**
 * Loads the certificates of the instance in `dir` (paths relative to it) and returns the provider the
 * listeners ask at each handshake. Throws TlsFileError naming the file when a configured certificate
 * (`[tls]`, `[[tls.certificates]]`) cannot be used; a broken store entry is skipped (`skipped()`).
 */
export function loadTlsProvider(dir: string, tlsConfig: Config['tls'], options: LoadOptions = {}): LoadedTlsProvider {
  const now = options.now ?? (() => new Date());
  let current = loadSet(dir, tlsConfig);
  return {
    secureContext: (servername?: string) => current.selection.select(servername, now()).context,
    get minVersion(): SecureVersion {
      return current.policy.minVersion;
    },
    get policy(): TlsPolicy {
      return current.policy;
    },
    certificates: () => current.selection.entries.map((entry) => entry.certificate),
    defaultCertificate: () => current.selection.defaultEntry(now()).certificate,
    usage: () => usageOf(current.selection, now()),
    skipped: () => current.skipped,
    reload(nextConfig?: Config['tls']) {
      current = loadSet(dir, nextConfig ?? current.config, current);
    },
    reloadIfChanged() {
      const stamp = certificateFilesStamp(certificateOrigins(dir, current.config));
      if (stamp === current.stamp) return false;
      try {
        const next = loadSet(dir, current.config, current);
        const known = new Set(current.skipped.map((err) => err.message));
        current = next;
        // A store entry that broke with this change is reported once, like a broken configured file.
        const broken = next.skipped.find((err) => !known.has(err.message));
        if (broken !== undefined) throw broken;
      } catch (err) {
        // Reported once: the next check reloads only after the files change again.
        current = { ...current, stamp };
        throw err;
      }
      return true;
    },
  };
}

/** What `cert list` shows: every certificate that loads, and every one that does not with its error. */
export interface CertificateInspection {
  readonly usage: CertificateUse[];
  readonly failures: ReadonlyArray<{ readonly origin: CertificateOrigin; readonly error: TlsFileError }>;
}

/**
 * Loads each certificate on its own, keeping going past broken ones, and works out how the server
 * would serve those that load. For reporting; the server itself uses loadTlsProvider.
 */
export function inspectCertificates(dir: string, tlsConfig: Config['tls'], now: Date = new Date()): CertificateInspection {
  const policy = tlsPolicy(tlsConfig);
  const entries: LoadedEntry[] = [];
  const failures: Array<{ origin: CertificateOrigin; error: TlsFileError }> = [];
  for (const origin of certificateOrigins(dir, tlsConfig)) {
    try {
      entries.push(loadEntry(origin, policy));
    } catch (err) {
      if (!(err instanceof TlsFileError)) throw err;
      failures.push({ origin, error: err });
    }
  }
  const defaultEntry = entries.find((entry) => entry.certificate.source === 'default');
  const usage = entries.length === 0 ? [] : usageOf(new CertificateSelection(entries, defaultEntry), now);
  return { usage, failures };
}
