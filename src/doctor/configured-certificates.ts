// The certificates the configuration points at, as they are on disk now: the `[tls]` default pair,
// every `[[tls.certificates]]` entry and every certificate store entry, as the TLS provider would load
// them (tls/ `inspectCertificates`). The review compares what a listener serves with these: which
// pair the server should have chosen for a name, and whether the served key is that pair's key file.
// A pair the provider refuses (a key that no longer matches its certificate) is still read as far as
// it goes, because that is exactly what the key comparison has to explain.
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Config } from '../config/index.ts';
import { certificateHostNames, inspectCertificates, nameMatches, normalizeHostName, type CertificateFiles, type CertificateSource } from '../tls/index.ts';
import type { KeyFileView } from './certificate-checks.ts';
import { parsePemCertificates } from './trust-anchors.ts';

export interface ConfiguredCertificate extends KeyFileView {
  /** As the provider names it: `default`, `tls.certificates[N]` or the store entry's name. */
  name: string;
  source: CertificateSource;
  /** The names SNI picks it for (none when the provider would not load it). */
  servedNames: readonly string[];
  /** Served to clients without a (known) server name. */
  isDefault: boolean;
  /** The DNS names of its certificate. */
  names: readonly string[];
}

function shortPath(dir: string, file: string): string {
  const inside = relative(resolve(dir), file);
  return inside.startsWith('..') ? file : inside;
}

function readText(file: string): string | Error {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`);
  }
}

function publicKeyOf(file: string): KeyObject | null {
  const text = readText(file);
  if (text instanceof Error) return null;
  try {
    return createPublicKey(createPrivateKey(text));
  } catch {
    return null;
  }
}

function leafOf(file: string): X509Certificate | null {
  const text = readText(file);
  return text instanceof Error ? null : (parsePemCertificates(text)[0] ?? null);
}

/** Loadable pairs first (in the provider's order of preference), then the ones it refuses. */
export function readConfiguredCertificates(dir: string, config: Pick<Config, 'tls'>, now: Date = new Date()): ConfiguredCertificate[] {
  const inspection = inspectCertificates(dir, config.tls, now);
  const paths = (files: CertificateFiles) => ({ certFile: shortPath(dir, files.cert), keyFile: shortPath(dir, files.key) });
  const loaded = inspection.usage.map(({ certificate, servedNames, isDefault }): ConfiguredCertificate => ({
    name: certificate.name,
    source: certificate.source,
    ...paths(certificate.files),
    leaf: certificate.certificate,
    // The provider loaded the pair, so the key file holds the certificate's key.
    publicKey: certificate.certificate.publicKey,
    problem: null,
    servedNames,
    isDefault,
    names: certificate.names,
  }));
  const refused = inspection.failures.map(({ origin, error }): ConfiguredCertificate => {
    const leaf = leafOf(origin.files.cert);
    return {
      name: origin.name,
      source: origin.source,
      ...paths(origin.files),
      leaf,
      publicKey: publicKeyOf(origin.files.key),
      problem: error.message,
      servedNames: [],
      isDefault: false,
      names: leaf === null ? [] : certificateHostNames(leaf),
    };
  });
  return [...loaded, ...refused];
}

/**
 * The configured pair a served leaf should come from: the one whose certificate it is, else the one
 * the server chooses for the name asked (SNI), else the default.
 */
export function configuredFor(configured: readonly ConfiguredCertificate[], leaf: X509Certificate, serverName: string | undefined): ConfiguredCertificate | undefined {
  const same = configured.find((entry) => entry.leaf?.fingerprint256 === leaf.fingerprint256);
  if (same) return same;
  const wanted = serverName === undefined ? undefined : normalizeHostName(serverName);
  const bySni = wanted === undefined ? undefined : configured.find((entry) => entry.servedNames.some((pattern) => nameMatches(pattern, wanted)));
  return bySni ?? configured.find((entry) => entry.isDefault) ?? configured.find((entry) => entry.source === 'default');
}

/**
 * The names to ask for by SNI: the hostname; with several certificates configured, each one's names
 * too, so every certificate the server chooses by SNI is reviewed. A wildcard is no name a client
 * sends, so it is left out (check one below it with `--host`).
 */
export function serverNamesToCheck(hostname: string, configured: readonly ConfiguredCertificate[]): string[] {
  const names = [normalizeHostName(hostname)];
  if (configured.length > 1) {
    for (const name of configured.flatMap((entry) => entry.names)) {
      if (!name.includes('*') && !names.includes(name)) names.push(name);
    }
  }
  return names;
}
