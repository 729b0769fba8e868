// `mailstead cert list|import|remove`: the certificates the listeners serve (docs/tls.md). `import`
// checks a certificate (key matches, chain ordered, usable under the `[tls]` policy) and writes it into
// the certificate store (`certs/live/<name>/`), from PEM files or a PKCS#12 (.pfx) export. A running
// server notices store changes by itself within `tls.watch_interval`, or at once on SIGHUP.
//
// Every TLS listener may present every certificate: the client's server name (SNI) picks one, and
// clients without a known name get the default. `list` says so per certificate.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { effectiveListeners, loadConfig, type Config } from '../config/index.ts';
import {
  certificateHostNames,
  certPaths,
  createCertificateContext,
  daysLeft,
  inspectCertificates,
  isValidCertName,
  listCertificateEntries,
  parseCertificatePair,
  pfxToPem,
  readCertificatePair,
  removeCertificate,
  tlsPolicy,
  writeCertificate,
  type CertificateFiles,
  type CertificatePair,
  type CertificateUse,
} from '../tls/index.ts';
import { dirOption, type DirOptions } from './arguments.ts';
import { certCheckCommand } from './cert-check.ts';
import { certRenewCommand } from './cert-renew.ts';
import { ExitCodeError, EXIT_ERROR, UsageError } from './exit.ts';
import { printJson, printLine } from './output.ts';

/** `protocol:port` of every listener that speaks TLS: each can serve every certificate. */
function tlsListeners(config: Config): string[] {
  return effectiveListeners(config)
    .filter((listener) => listener.tls !== 'none')
    .map((listener) => `${listener.protocol}:${listener.port}`);
}

function shortPath(dir: string, file: string): string {
  const inside = relative(resolve(dir), file);
  return inside.startsWith('..') ? file : inside;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function remaining(days: number): string {
  if (days < 0) return `EXPIRED ${-days} day${days === -1 ? '' : 's'} ago`;
  return `${days} day${days === 1 ? '' : 's'} left`;
}

/** The JSON form of one certificate and how it is served. */
function certificateJson(use: CertificateUse, listeners: readonly string[], now: Date) {
  const c = use.certificate;
  const served = use.isDefault || use.servedNames.length > 0;
  return {
    name: c.name,
    source: c.source,
    files: c.files,
    subject: c.subject,
    names: c.names,
    issuer: c.issuer,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    daysLeft: daysLeft(c, now),
    serial: c.serial,
    fingerprint256: c.fingerprint256,
    keyType: c.keyType,
    keyBits: c.keyBits,
    chainLength: c.chainLength,
    selfSigned: c.isSelfSigned,
    isDefault: use.isDefault,
    servedNames: use.servedNames,
    listeners: served ? listeners : [],
  };
}

function servedLine(use: CertificateUse): string {
  const byName = use.servedNames.length > 0 ? `by SNI for ${use.servedNames.join(', ')}` : '';
  if (use.isDefault) return byName === '' ? 'the default certificate' : `the default certificate, and ${byName}`;
  if (byName !== '') return byName;
  return 'not served: a better certificate holds each of its names';
}

function printCertificate(dir: string, use: CertificateUse, listeners: readonly string[], now: Date): void {
  const c = use.certificate;
  const served = use.isDefault || use.servedNames.length > 0;
  printLine(`${c.name}  [${c.source}]  ${shortPath(dir, c.files.cert)}`);
  printLine(`  subject    ${c.subject}`);
  printLine(`  names      ${c.names.length === 0 ? '(none)' : c.names.join(', ')}`);
  printLine(`  issuer     ${c.isSelfSigned ? `${c.issuer} (self-signed)` : c.issuer}${c.chainLength > 0 ? `, chain of ${c.chainLength}` : ''}`);
  printLine(`  not after  ${c.notAfter.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} (${remaining(daysLeft(c, now))})`);
  printLine(`  served     ${servedLine(use)}`);
  printLine(`  listeners  ${served && listeners.length > 0 ? listeners.join(' ') : 'none'}`);
}

function listCommand(): Command {
  return new Command('list')
    .description('List the certificates the server loads ([tls] default, [[tls.certificates]], the store) with their names, issuer, expiry and the listeners that serve them.')
    .option('--json', 'print a JSON array of {name, source, files, subject, names, issuer, notBefore, notAfter, daysLeft, serial, fingerprint256, keyType, keyBits, chainLength, selfSigned, isDefault, servedNames, listeners}; a certificate that cannot be loaded is {name, source, files, error}')
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nEvery TLS listener can serve every certificate: the server name the client asks for (SNI) picks one,\nand clients that ask for no known name get the default.\n\nExamples:\n  mailstead cert list --dir mailstead-data\n  mailstead cert list --json --dir mailstead-data\n',
    )
    .action((opts: DirOptions & { json?: boolean }) => {
      const config = loadConfig(opts.dir);
      const now = new Date();
      const { usage, failures } = inspectCertificates(opts.dir, config.tls, now);
      const listeners = tlsListeners(config);
      if (opts.json) {
        printJson([...usage.map((use) => certificateJson(use, listeners, now)), ...failures.map(({ origin, error }) => ({ name: origin.name, source: origin.source, files: origin.files, error: error.message }))]);
      } else {
        usage.forEach((use, i) => {
          if (i > 0) printLine();
          printCertificate(opts.dir, use, listeners, now);
        });
        for (const { origin, error } of failures) {
          if (usage.length > 0) printLine();
          printLine(`${origin.name}  [${origin.source}]  CANNOT BE LOADED`);
          printLine(`  error      ${error.message}`);
        }
        if (usage.length > 0) {
          printLine();
          printLine('Every TLS listener can serve every certificate: the client\'s server name (SNI) picks one, clients without a known name get the default.');
        }
      }
      if (failures.length > 0) {
        const count = failures.length === 1 ? '1 certificate cannot' : `${failures.length} certificates cannot`;
        throw new ExitCodeError(`${count} be loaded: the server does not start (or reload) until it is fixed or removed`, EXIT_ERROR);
      }
    });
}

interface ImportOptions extends DirOptions {
  pfx?: string;
  passphrase?: string;
  passphraseFile?: string;
  cert?: string;
  key?: string;
  chain?: string;
  name?: string;
  json?: boolean;
}

/** The passphrase from --passphrase or the first line of --passphrase-file; undefined when neither. */
function passphraseOf(opts: ImportOptions): string | undefined {
  if (opts.passphraseFile === undefined) return opts.passphrase;
  try {
    return readFileSync(opts.passphraseFile, 'utf8').split(/\r?\n/)[0] ?? '';
  } catch (err) {
    throw new Error(`${opts.passphraseFile}: cannot read the passphrase: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Reads and checks what the options name; `origin` is the file named in messages. */
function readImport(opts: ImportOptions): { pair: CertificatePair; origin: string; notes: string[] } {
  if (opts.pfx !== undefined) {
    if (opts.cert !== undefined || opts.key !== undefined || opts.chain !== undefined) throw new UsageError('give either --pfx or --cert and --key, not both');
    if (opts.passphrase !== undefined && opts.passphraseFile !== undefined) throw new UsageError('give --passphrase or --passphrase-file, not both');
    const file = resolve(opts.pfx);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new Error(`${file}: cannot read the file: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)}`);
    }
    let contents;
    try {
      contents = pfxToPem(bytes, passphraseOf(opts));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
    const pair = parseCertificatePair({ cert: contents.fullchainPem, key: contents.keyPem }, { cert: file, key: file });
    const notes = contents.ignored.map((cert) => `left out a certificate that is not in its chain: ${cert.subject.replace(/\n/g, ', ')}`);
    return { pair, origin: file, notes };
  }
  if (opts.cert === undefined || opts.key === undefined) throw new UsageError('give --pfx FILE, or --cert FILE and --key FILE');
  if (opts.passphrase !== undefined || opts.passphraseFile !== undefined) throw new UsageError('--passphrase is for --pfx; PEM keys must be unencrypted');
  const files: CertificateFiles = { cert: resolve(opts.cert), key: resolve(opts.key), ...(opts.chain === undefined ? {} : { chain: resolve(opts.chain) }) };
  return { pair: readCertificatePair(files), origin: files.cert, notes: [] };
}

function importCommand(): Command {
  return new Command('import')
    .description('Check a certificate with its key and chain and add it to the certificate store, from a PKCS#12 file (.pfx/.p12, e.g. a Windows export) or from PEM files. An entry of the same name is replaced (a renewal).')
    .option('--pfx <FILE>', 'a PKCS#12 file holding the certificate, its private key and its chain')
    .option('--passphrase <P>', 'the .pfx passphrase (visible to other local users in the process list: prefer --passphrase-file)')
    .option('--passphrase-file <F>', 'a file whose first line is the .pfx passphrase')
    .option('--cert <FILE>', 'PEM certificate, optionally followed by its chain')
    .option('--key <FILE>', 'its PEM private key, unencrypted')
    .option('--chain <FILE>', 'PEM intermediate certificates, when they are not in --cert')
    .addOption(new Option('--name <NAME>', 'the store entry name (default: the certificate\'s first host name)'))
    .option('--json', 'print the imported certificate as `cert list --json` does')
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nA running server uses the new certificate for new connections within tls.watch_interval (default 1m),\nor at once after SIGHUP.\n\nExamples:\n  mailstead cert import --pfx mail.pfx --passphrase-file pass.txt --dir mailstead-data\n  mailstead cert import --cert fullchain.pem --key privkey.pem --dir mailstead-data\n  mailstead cert import --cert mx.crt --key mx.key --chain intermediate.crt --name mx --dir mailstead-data\n',
    )
    .action(async (opts: ImportOptions) => {
      const config = loadConfig(opts.dir);
      const { pair, origin, notes } = readImport(opts);
      createCertificateContext(pair, tlsPolicy(config.tls), origin);
      const now = new Date();
      if (pair.leaf.validToDate.getTime() < now.getTime()) throw new Error(`${origin}: the certificate expired on ${pair.leaf.validToDate.toISOString()}`);
      const name = opts.name ?? certificateHostNames(pair.leaf)[0];
      if (name === undefined) throw new UsageError('the certificate holds no host name: give the entry a name with --name');
      if (!isValidCertName(name)) throw new UsageError(`not a certificate name: ${JSON.stringify(name)} (letters, digits, ".", "-", "_" and "*")`);
      const replaced = (await listCertificateEntries(opts.dir)).includes(name);
      await writeCertificate(opts.dir, name, { fullchainPem: pair.fullchainPem, keyPem: pair.keyPem });
      const { usage } = inspectCertificates(opts.dir, config.tls, now);
      const use = usage.find((u) => u.certificate.source === 'store' && u.certificate.name === name);
      if (opts.json) return use === undefined ? printJson({ name }) : printJson(certificateJson(use, tlsListeners(config), now));
      printImported(config, name, replaced, pair, use, notes, now);
    });
}

function printImported(config: Config, name: string, replaced: boolean, pair: CertificatePair, use: CertificateUse | undefined, notes: readonly string[], now: Date): void {
  const leaf = pair.leaf;
  const paths = certPaths(name);
  printLine(`${replaced ? 'replaced' : 'imported'} certificate ${name}: ${leaf.subject.replace(/\n/g, ', ')}, issued by ${leaf.issuer.replace(/\n/g, ', ')}`);
  printLine(`  names      ${use === undefined || use.certificate.names.length === 0 ? '(none)' : use.certificate.names.join(', ')}`);
  printLine(`  not after  ${isoDay(leaf.validToDate)} (${remaining(daysLeft({ notAfter: leaf.validToDate }, now))})`);
  const intermediates = pair.chain.length;
  printLine(`  stored in  ${paths.dir}/ (fullchain.pem: the certificate and ${intermediates} intermediate${intermediates === 1 ? '' : 's'}; key.pem)`);
  if (use !== undefined) printLine(`  served     ${servedLine(use)}`);
  for (const note of notes) printLine(`  note       ${note}`);
  if (pair.chain.length === 0 && leaf.subject !== leaf.issuer) {
    printLine(`  warning    no intermediate certificate: unless ${leaf.issuer.replace(/\n/g, ', ')} is a root CA clients trust, they cannot verify it; import again with --chain`);
  }
  const interval = config.tls.watch_interval;
  printLine(
    interval > 0
      ? `A running server uses it for new connections within ${Math.ceil(interval / 1000)}s (tls.watch_interval), or at once after SIGHUP.`
      : 'A running server uses it for new connections after SIGHUP (tls.watch_interval = "0s").',
  );
}

function removeCommand(): Command {
  return new Command('remove')
    .description('Remove a certificate from the store. The [tls] default and [[tls.certificates]] entries are removed by editing mailstead.toml.')
    .argument('<NAME>', 'the store entry, as `cert list` names it')
    .addOption(dirOption())
    .addHelpText('after', '\nExample:\n  mailstead cert remove old.example.org --dir mailstead-data\n')
    .action(async (name: string, opts: DirOptions) => {
      const config = loadConfig(opts.dir);
      if (!(await listCertificateEntries(opts.dir)).includes(name)) {
        const hint = name === 'default' || name.startsWith('tls.certificates[') ? `${name} comes from mailstead.toml; only store entries can be removed` : 'see `mailstead cert list`';
        throw new Error(`no certificate ${name} in the store (${hint})`);
      }
      await removeCertificate(opts.dir, name);
      const interval = config.tls.watch_interval;
      printLine(`removed certificate ${name} (${certPaths(name).dir}/)`);
      printLine(interval > 0 ? `A running server stops serving it within ${Math.ceil(interval / 1000)}s, or at once after SIGHUP.` : 'A running server stops serving it after SIGHUP.');
    });
}

/** The `cert` command group. */
export function certCommand(): Command {
  return new Command('cert')
    .description('Manage the TLS certificates of the listeners: list them, import PEM or PKCS#12 (.pfx) files, remove them, check what the listeners serve, renew ACME certificates.')
    .addCommand(listCommand())
    .addCommand(importCommand())
    .addCommand(removeCommand())
    .addCommand(certCheckCommand())
    .addCommand(certRenewCommand());
}
