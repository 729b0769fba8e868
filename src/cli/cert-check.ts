// `mailstead cert check`: connects to each TLS listener of the running server (from mailstead.toml)
// and reviews the certificate it serves (src/doctor/cert-check.ts): chain, trust, expiry, names, key,
// TLS versions. One block per listener for people, the report as JSON with `--json`; exit 1 when any
// finding is an error or no listener answers. It reads the instance's files but never the store, and
// changes nothing.
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { effectiveListeners, loadConfig } from '../config/index.ts';
import {
  checkCertificates,
  readConfiguredCertificates,
  serverNamesToCheck,
  systemTrustAnchors,
  trustAnchorsFromFile,
  type CertCheckReport,
  type CertCheckTarget,
  type Finding,
  type ListenerReport,
  type ServedCertificate,
} from '../doctor/index.ts';
import { dirOption, isDomainName, type DirOptions } from './arguments.ts';
import { printJson, printLine } from './output.ts';

interface CheckOptions extends DirOptions {
  ca?: string;
  host?: string[];
  json?: boolean;
}

const MARK = { ok: '✓', warning: '!', error: '✗' } as const;

/** `--host NAME`, repeatable: each a DNS name. */
function collectHost(value: string, previous: string[] | undefined): string[] {
  if (!isDomainName(value) || !value.includes('.')) throw new InvalidArgumentError('expected a host name like "mail.example.org".');
  return [...(previous ?? []), value.toLowerCase()];
}

function listenerTitle(listener: { protocol: string; address: string; port: number; tls: string }): string {
  const how = listener.tls === 'implicit' ? 'implicit TLS' : listener.tls === 'starttls' ? 'STARTTLS' : 'no TLS';
  return `${listener.protocol} ${listener.address.includes(':') ? `[${listener.address}]` : listener.address}:${listener.port} (${how})`;
}

function printFindings(findings: readonly Finding[], indent: string): void {
  for (const finding of findings) printLine(`${indent}${MARK[finding.status]} ${finding.text}`);
}

function printServed(served: ServedCertificate): void {
  const bits = served.keyType.startsWith('RSA') && served.keyBits !== null ? ` ${served.keyBits} bits` : '';
  printLine(`  certificate served for ${served.serverName} (${served.keyType}${bits}):`);
  served.chain.forEach((cert, index) => {
    const validity = cert.daysToExpiry < 0 ? `expired on ${cert.notAfter.slice(0, 10)}` : `valid until ${cert.notAfter.slice(0, 10)} (${cert.daysToExpiry} days)`;
    printLine(`    [${index}] ${cert.subject}`);
    printLine(`        issuer ${cert.issuer}; ${validity}`);
  });
  printFindings(served.findings, '    ');
}

function printListener(listener: ListenerReport): void {
  printLine(listenerTitle(listener));
  printFindings(listener.findings, '  ');
  for (const served of listener.certificates) printServed(served);
  printLine();
}

function printReport(report: CertCheckReport): void {
  for (const listener of report.listeners) printListener(listener);
  for (const skipped of report.skipped) printLine(`${listenerTitle({ ...skipped, tls: 'none' })}: skipped, ${skipped.reason}`);
  if (report.skipped.length > 0) printLine();
  const errors = `${report.errors} error${report.errors === 1 ? '' : 's'}`;
  const warnings = `${report.warnings} warning${report.warnings === 1 ? '' : 's'}`;
  printLine(`${errors}, ${warnings} (trust anchors: ${report.trustStore})`);
}

export function certCheckCommand(): Command {
  return new Command('check')
    .description(
      'Connect to each TLS listener of the running server (implicit TLS and STARTTLS) and review the certificate it serves: the chain, whether it is complete and verifies, days to expiry, the names it covers, whether its key is the configured key file\'s, key type and size, the TLS versions accepted.',
    )
    .option('--ca <FILE>', 'verify against the root certificates in this PEM file instead of the system trust store (a private CA)')
    .addOption(
      new Option('--host <NAME>', 'the server name to ask for (SNI) and check; repeat for several (default: hostname, and with several certificates configured the names of each)').argParser(collectHost),
    )
    .option('--json', 'print the report as JSON: {status, errors, warnings, trustStore, checkedAt, listeners: [{protocol, address, port, tls, host, status, reachable, protocols, findings, certificates: [{serverName, status, protocol, cipher, chain, complete, trusted, selfSigned, hostnameCovered, keyMatches, keyFile, keyType, keyBits, findings}]}], skipped} (docs/tls.md)')
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nThe server must be running: the check connects to the listeners of mailstead.toml (a wildcard address through loopback).\n' +
        'Findings: ✓ ok, ! warning (expiry within 30 days, self-signed), ✗ error (expired, name not covered, incomplete chain, not trusted, key mismatch, weak key, TLS older than 1.2).\n' +
        'Exit code 1 when any finding is an error or no listener answers, else 0.\n\n' +
        'Examples:\n  mailstead cert check --dir mailstead-data\n  mailstead cert check --host mail.example.org --json --dir mailstead-data\n  mailstead cert check --ca private-root.pem --dir mailstead-data\n',
    )
    .action(async (opts: CheckOptions) => {
      const config = loadConfig(opts.dir);
      const anchors = opts.ca === undefined ? systemTrustAnchors() : trustAnchorsFromFile(resolve(opts.ca));
      const configured = readConfiguredCertificates(opts.dir, config);
      const serverNames = opts.host ?? serverNamesToCheck(config.hostname, configured);
      const listeners = effectiveListeners(config);
      const unbound = listeners.filter((listener) => listener.port === 0 && listener.tls !== 'none');
      if (unbound.length > 0) throw new Error(`${unbound.map(listenerTitle).join(', ')}: port 0 is chosen at each start, so cert check cannot find the listener; give it a fixed port`);
      const targets: CertCheckTarget[] = listeners.map((l) => ({ protocol: l.protocol, address: l.address, port: l.port, tls: l.tls }));
      const report = await checkCertificates(targets, { serverNames, ehloName: config.hostname, anchors, configured, now: Date.now() });
      const unreachable = report.listeners.filter((listener) => !listener.reachable);
      const down = unreachable.length > 0 && unreachable.length === report.listeners.length;
      if (opts.json) printJson(report);
      else if (!down) printReport(report);
      if (down) throw new Error(`no server answers on ${unreachable.map(listenerTitle).join(', ')}: is \`mailstead serve --dir ${opts.dir}\` running?`);
      if (unreachable.length > 0) throw new Error(`cannot reach ${unreachable.map(listenerTitle).join(', ')}; ${report.errors} error${report.errors === 1 ? '' : 's'} in all`);
      if (report.errors > 0) throw new Error(`the certificate review found ${report.errors} error${report.errors === 1 ? '' : 's'}`);
    });
}
