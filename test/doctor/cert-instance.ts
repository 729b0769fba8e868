// A running server (in this process) whose listeners serve a certificate the test chose, and the
// certificate review run against it, as `mailstead cert check` runs it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInstance, HOSTNAME, type InstanceSpec } from '../helpers/instance.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { checkCertificates, readConfiguredCertificates, trustAnchorsFromPem, type CertCheckReport, type TrustAnchors } from '../../src/doctor/index.ts';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import type { IssuedCertificate, TestKey } from '../helpers/test-ca.ts';

export { HOSTNAME };

/** Every TLS way in: STARTTLS and implicit TLS for SMTP submission, IMAP and POP3, STARTTLS on port 25. */
export const TLS_LISTENERS = [
  ['smtp', 'starttls'],
  ['submission', 'starttls'],
  ['submission', 'implicit'],
  ['imap', 'starttls'],
  ['imap', 'implicit'],
  ['pop3', 'starttls'],
  ['pop3', 'implicit'],
]
  .map(([protocol, tls]) => `[[listeners]]\nprotocol = "${protocol}"\naddress = "127.0.0.1"\nport = 0\ntls = "${tls}"\n`)
  .join('\n');

export interface CertInstance {
  dir: string;
  server: RunningServer;
  close(): Promise<void>;
}

export interface CertInstanceSpec extends InstanceSpec {
  /** What `[tls] cert` and `key` hold (`fullchain` and `key`); the instance's self-signed pair when left out. */
  certificate?: { fullchain: string; key: string };
  /** Runs on the instance directory before the server starts (e.g. to fill the certificate store). */
  prepare?: (dir: string) => Promise<void>;
}

export async function startCertInstance(spec: CertInstanceSpec = {}): Promise<CertInstance> {
  const instance = await createInstance({ listeners: TLS_LISTENERS, ...spec });
  if (spec.certificate) {
    await writeFile(join(instance.dir, 'certs/server.crt'), spec.certificate.fullchain);
    await writeFile(join(instance.dir, 'certs/server.key'), spec.certificate.key, { mode: 0o600 });
  }
  let server: RunningServer;
  try {
    await spec.prepare?.(instance.dir);
    server = await startServer(instance.dir, { logger: silentLogger() });
  } catch (err) {
    await instance.cleanup();
    throw err;
  }
  return {
    dir: instance.dir,
    server,
    async close() {
      await server.stop();
      await instance.cleanup();
    },
  };
}

export function anchorsOf(...roots: IssuedCertificate[]): TrustAnchors {
  return trustAnchorsFromPem(roots.map((root) => root.cert).join(''), 'the test CA');
}

/** An RSA key of any size for the test CA's `leaf({ key })` (its own keys are 2048 bits). */
export function rsaTestKey(bits: number): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { pem, forgePrivate: forge.pki.privateKeyFromPem(pem), forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) };
}

/** A moment `days` from now. */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * 86_400_000);
}

/** The review of every listener of the running instance, with the test CA as trust anchor. */
export async function review(instance: CertInstance, anchors: TrustAnchors, opts: { serverNames?: string[]; now?: number } = {}): Promise<CertCheckReport> {
  const config = loadConfig(instance.dir);
  return checkCertificates(instance.server.listeners, {
    serverNames: opts.serverNames ?? [HOSTNAME],
    ehloName: 'doctor.example.test',
    anchors,
    configured: readConfiguredCertificates(instance.dir, config),
    now: opts.now ?? Date.now(),
    timeoutMs: 10_000,
  });
}

/** Every finding of the report as `check:status`, deduplicated, for compact assertions. */
export function findingSummary(report: CertCheckReport): string[] {
  const all = report.listeners.flatMap((l) => [...l.findings, ...l.certificates.flatMap((c) => c.findings)]);
  return [...new Set(all.map((f) => `${f.check}:${f.status}`))].sort();
}

/** The findings of one check across every listener and certificate. */
export function findingsOf(report: CertCheckReport, check: string) {
  return report.listeners.flatMap((l) => [...l.findings, ...l.certificates.flatMap((c) => c.findings)]).filter((f) => f.check === check);
}
