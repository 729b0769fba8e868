// `mailstead init`: makes a new instance directory (config, store, self-signed certificate, the first
// domain and its admin account) and says which DNS records to publish. `serve --init-if-missing`
// runs the same flow through initInstance.
//
// Order: mailstead.toml is written last, so an init that fails half-way (a full disk, a bad
// argument the store refuses) leaves no config and `init` can be run again on the same directory.
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { generatePassword, hashPassword } from '../auth/index.ts';
import { configPath, loadConfig, DEFAULT_LISTENERS } from '../config/index.ts';
import { silentLogger } from '../log/index.ts';
import { openMailService } from '../server/index.ts';
import { createSelfSignedCertificate } from '../tls/index.ts';
import { dirOption, domainOf, isDomainName, parsePortBaseArgument } from './arguments.ts';
import { renderConfigTemplate } from './config-template.ts';
import { UsageError } from './exit.ts';
import { generatedPasswordLine, printLine } from './output.ts';

export interface InitOptions {
  dir: string;
  /** The server's name (EHLO, certificate). */
  hostname: string;
  /** The first local domain. */
  domain: string;
  /** The admin account; default `postmaster@DOMAIN`. */
  admin?: string;
  /** The admin's password; default a generated one, returned in `generatedPassword`. */
  password?: string;
  /** Written to the config when given; otherwise the standard ports. */
  portBase?: number;
}

export interface InitResult {
  /** Absolute path of the instance directory. */
  dir: string;
  hostname: string;
  domain: string;
  admin: string;
  portBase: number;
  /** Set only when the password was generated: it is shown once and not kept anywhere. */
  generatedPassword: string | null;
  /** Expiry (ISO date) of the certificate init made; null when an existing certificate was kept. */
  certificateExpires: string | null;
}

/** Sub-directories of an instance (DESIGN.md "The instance directory"). */
const INSTANCE_DIRS = ['blobs', 'tmp', 'pickup', 'certs'] as const;
const CERT_FILE = 'certs/server.crt';
const KEY_FILE = 'certs/server.key';

function checkOptions(opts: InitOptions): { hostname: string; domain: string; admin: string } {
  const hostname = opts.hostname.toLowerCase();
  const domain = opts.domain.toLowerCase();
  if (!isDomainName(hostname)) throw new UsageError(`--hostname "${opts.hostname}" is not a host name like mail.example.org`);
  if (!isDomainName(domain)) throw new UsageError(`--domain "${opts.domain}" is not a domain name like example.org`);
  const admin = (opts.admin ?? `postmaster@${domain}`).toLowerCase();
  if (domainOf(admin) !== domain) throw new UsageError(`--admin "${opts.admin}" must be an address in ${domain}`);
  return { hostname, domain, admin };
}

/** Keeps a certificate and key already placed in certs/ (e.g. from a previous, interrupted init). */
async function ensureCertificate(dir: string, hostname: string): Promise<string | null> {
  const certFile = join(dir, CERT_FILE);
  const keyFile = join(dir, KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) return null;
  const { cert, key } = await createSelfSignedCertificate(hostname);
  await writeFile(keyFile, key, { mode: 0o600 });
  await writeFile(certFile, cert);
  return new Date(new X509Certificate(cert).validTo).toISOString().slice(0, 10);
}

export async function initInstance(opts: InitOptions): Promise<InitResult> {
  const { hostname, domain, admin } = checkOptions(opts);
  const dir = resolve(opts.dir);
  const config = configPath(dir);
  if (existsSync(config)) throw new Error(`${config} exists: ${dir} is already a Mailstead instance`);

  // A directory init creates is private to its owner: it holds mail, password hashes and the key.
  if ((await mkdir(dir, { recursive: true })) !== undefined) await chmod(dir, 0o700);
  for (const sub of INSTANCE_DIRS) await mkdir(join(dir, sub), { recursive: true });
  const certificateExpires = await ensureCertificate(dir, hostname);

  const password = opts.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const mail = await openMailService(dir, silentLogger());
  try {
    await mail.addDomain(domain);
    await mail.addAccount({ address: admin, passwordHash, quotaBytes: null, isAdmin: true });
  } finally {
    await mail.close();
  }

  const text = renderConfigTemplate({ hostname, portBase: opts.portBase });
  // 'wx': a concurrent init on the same directory fails here instead of overwriting.
  await writeFile(config, text, { flag: 'wx' });
  // What init wrote must be what the server accepts; a template bug surfaces here, not at `serve`.
  loadConfig(dir);

  return {
    dir,
    hostname,
    domain,
    admin,
    portBase: opts.portBase ?? 0,
    generatedPassword: opts.password === undefined ? password : null,
    certificateExpires,
  };
}

/** RFC 2606 §2 / RFC 6761 §6: names under these never resolve publicly, so no records are shown. */
function isReservedDomain(domain: string): boolean {
  return /\.(test|example|invalid|localhost)$/.test(`.${domain}`);
}

function dnsRecordLines(r: InitResult): string[] {
  if (isReservedDomain(r.domain)) return [`${r.domain} is a reserved test domain: there are no DNS records to publish for it.`];
  const records: Array<[string, string, string]> = [
    [r.domain, 'MX', `10 ${r.hostname}`],
    [r.hostname, 'A', "(this server's public IPv4 address)"],
    [r.domain, 'TXT', '"v=spf1 mx -all"'],
    [`_dmarc.${r.domain}`, 'TXT', `"v=DMARC1; p=quarantine; rua=mailto:postmaster@${r.domain}"`],
  ];
  const width = Math.max(...records.map(([name]) => name.length));
  return [
    `DNS records to publish for ${r.domain}:`,
    ...records.map(([name, type, value]) => `  ${name.padEnd(width)}  ${type.padEnd(3)}  ${value}`),
    `  and ask the provider of that address for reverse DNS (PTR) pointing to ${r.hostname}.`,
  ];
}

/**
 * The report printed after an init: what was made, the admin password when generated, DNS records,
 * next steps. `dirArg` is the directory as the user wrote it, for commands they can copy.
 */
export function initReport(r: InitResult, dirArg: string): string[] {
  const dir = /\s/.test(dirArg) ? JSON.stringify(dirArg) : dirArg;
  const certificate = r.certificateExpires
    ? `${join(r.dir, CERT_FILE)} (self-signed for ${r.hostname}, valid until ${r.certificateExpires})`
    : `${join(r.dir, CERT_FILE)} (kept the existing one)`;
  return [
    `Created a Mailstead instance in ${r.dir}`,
    `  configuration  ${configPath(r.dir)}`,
    `  certificate    ${certificate}`,
    `  domain         ${r.domain}`,
    `  admin account  ${r.admin}`,
    ...listenerLines(r.portBase),
    ...(r.generatedPassword ? ['', generatedPasswordLine(r.admin, r.generatedPassword)] : []),
    '',
    ...dnsRecordLines(r),
    '',
    'Next steps:',
    `  start the server        mailstead serve --dir ${dir}`,
    `  add an account          mailstead account add alice@${r.domain} --dir ${dir}`,
    `  add an alias            mailstead alias add info@${r.domain} ${r.admin} --dir ${dir}`,
    `  use a real certificate  replace ${CERT_FILE} and ${KEY_FILE}, then send the server SIGHUP`,
    '  documentation           docs/cli.md, docs/configuration.md',
    'From a source checkout, run mailstead as `npm run mailstead -- …`.',
  ];
}

export function initCommand(): Command {
  return new Command('init')
    .description('Create a new instance directory: configuration, store, self-signed certificate, the first domain and its admin account.')
    .requiredOption('--hostname <HOST>', "the server's name, e.g. mail.example.org (EHLO greeting, certificate, MX target)")
    .requiredOption('--domain <DOMAIN>', 'the first domain to receive mail for, e.g. example.org')
    .option('--admin <ADDR>', 'the admin account to create (default: postmaster@DOMAIN)')
    .option('--password <PW>', "the admin's password (default: a generated one, printed once)")
    .addOption(new Option('--port-base <N>', 'listen at N + the standard port, e.g. 10000 puts SMTP on 10025 (default: standard ports)').argParser(parsePortBaseArgument))
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nRefuses (exit 1) when DIR already holds a mailstead.toml.\n\nExamples:\n  mailstead init --dir /var/lib/mailstead --hostname mail.example.org --domain example.org\n  mailstead init --dir mailstead-data --hostname mail.example.test --domain example.test --port-base 10000\n',
    )
    .action(async (opts: { dir: string; hostname: string; domain: string; admin?: string; password?: string; portBase?: number }) => {
      const result = await initInstance(opts);
      for (const line of initReport(result, opts.dir)) printLine(line);
    });
}

/** `  SMTP           port 25 (STARTTLS)`, one line per protocol, from the default listener table. */
function listenerLines(portBase: number): string[] {
  const ports = new Map<string, string[]>();
  for (const listener of DEFAULT_LISTENERS) {
    const name = listener.protocol.toUpperCase();
    const tls = listener.tls === 'implicit' ? 'TLS' : listener.protocol === 'pop3' ? 'STLS' : 'STARTTLS';
    ports.set(name, [...(ports.get(name) ?? []), `${portBase + listener.port} (${tls})`]);
  }
  return [...ports].map(([name, list]) => `  ${name.padEnd(15)}port ${list.join(', ')}`);
}
