// `mailstead dkim generate|list|show|activate|remove`: the DKIM keys that sign mail leaving from local
// domains (RFC 6376, RFC 8463). Keys live in the store, so every node on one database signs with them
// and a change applies to the next message without a restart. `generate` prints the TXT record to
// publish; the private key is never printed.
//
// Rotation: `generate --selector NEW --inactive`, publish the record, wait for the DNS to serve it,
// `activate DOMAIN NEW`, and `remove DOMAIN OLD` some days later (mail in transit or verified late
// still needs the old record).
import { Command, InvalidArgumentError, Option } from 'commander';
import type { DkimAlgorithm, DkimKey, MailService } from '../mail/index.ts';
import { defaultDkimSelector, dkimRecordName, dkimRecordValue, dkimZoneLine, generateDkimKey, txtCharacterStrings } from '../outbound/index.ts';
import { dirOption, type DirOptions } from './arguments.ts';
import { withMailService } from './instance.ts';
import { printJson, printLine, printTable } from './output.ts';

const ALGORITHMS: Record<string, DkimAlgorithm> = { rsa: 'rsa-sha256', ed25519: 'ed25519-sha256' };
/** RFC 6376 §3.1 selector: dot-separated labels of letters, digits and inner hyphens. */
const SELECTOR = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function parseSelectorArgument(value: string): string {
  if (!SELECTOR.test(value)) throw new InvalidArgumentError('expected a selector of letters, digits and inner hyphens, e.g. "ms202611" or "2026.eu".');
  return value.toLowerCase();
}

function selectorOption(description: string): Option {
  return new Option('--selector <SELECTOR>', description).argParser(parseSelectorArgument);
}

/** The JSON form of a key and its record (never the private key). */
function keyJson(key: DkimKey) {
  return {
    domain: key.domain,
    selector: key.selector,
    algorithm: key.algorithm,
    active: key.active,
    createdAt: new Date(key.createdAt).toISOString(),
    record: { name: dkimRecordName(key), type: 'TXT', value: dkimRecordValue(key), strings: txtCharacterStrings(dkimRecordValue(key)) },
  };
}

async function requireDomain(mail: MailService, domain: string): Promise<void> {
  if (!(await mail.findDomain(domain))) throw new Error(`domain ${domain.toLowerCase()} does not exist`);
}

/** `ms` + yyyymm, or with a letter after it when a key of the domain already has that selector. */
async function freeDefaultSelector(mail: MailService, domain: string): Promise<string> {
  const base = defaultDkimSelector(Date.now());
  const taken = new Set((await mail.listDkimKeys(domain)).map((key) => key.selector));
  for (const suffix of ['', ...'abcdefghijklmnopqrstuvwxyz']) {
    if (!taken.has(`${base}${suffix}`)) return `${base}${suffix}`;
  }
  throw new Error(`${domain} already has keys ${base} to ${base}z; choose one with --selector`);
}

function generateCommand(): Command {
  return new Command('generate')
    .description('Generate a DKIM key for a local domain, store it and print the DNS TXT record to publish. The new key signs the domain\'s mail at once (unless --inactive).')
    .argument('<DOMAIN>', 'the local domain, e.g. example.org')
    .addOption(selectorOption('the selector (s=), what the record name starts with (default: "ms" and the UTC year and month, e.g. ms202611; a letter is added when the domain already has that one)'))
    .addOption(new Option('--algorithm <ALGORITHM>', 'rsa (2048 bits, verified everywhere) or ed25519 (RFC 8463, not yet verified by every receiver)').choices(Object.keys(ALGORITHMS)).default('rsa'))
    .option('--inactive', 'store the key without signing with it yet (for rotation: publish the record first, then `dkim activate`)')
    .option('--json', 'print {domain, selector, algorithm, active, createdAt, record: {name, type, value, strings}}')
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nExamples:\n  mailstead dkim generate example.org --dir mailstead-data\n  mailstead dkim generate example.org --selector ms202701 --inactive --dir mailstead-data\n  mailstead dkim generate example.org --algorithm ed25519 --dir mailstead-data\n',
    )
    .action(async (domain: string, opts: DirOptions & { selector?: string; algorithm: string; inactive?: boolean; json?: boolean }) => {
      const algorithm = ALGORITHMS[opts.algorithm] ?? 'rsa-sha256';
      const key = await withMailService(opts.dir, async (mail) => {
        await requireDomain(mail, domain);
        const selector = opts.selector ?? (await freeDefaultSelector(mail, domain));
        const generated = await generateDkimKey(algorithm);
        return mail.addDkimKey({ domain, selector, ...generated, active: opts.inactive !== true });
      });
      if (opts.json) return printJson(keyJson(key));
      const state = key.active ? 'active' : `inactive: run \`mailstead dkim activate ${key.domain} ${key.selector}\` once the record is published`;
      printLine(`generated DKIM key ${key.selector} for ${key.domain} (${key.algorithm}, ${state})`);
      printLine(`publish this TXT record in the DNS of ${key.domain}:`);
      printLine(dkimZoneLine(key));
    });
}

function listCommand(): Command {
  return new Command('list')
    .description('List the DKIM keys with their selector, algorithm, whether they sign (active) and when they were made.')
    .option('--domain <DOMAIN>', 'only the keys of this domain')
    .option('--json', 'print a JSON array of {domain, selector, algorithm, active, createdAt, record: {name, type, value, strings}}')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead dkim list --dir mailstead-data\n  mailstead dkim list --domain example.org --json --dir mailstead-data\n')
    .action(async (opts: DirOptions & { domain?: string; json?: boolean }) => {
      const keys = await withMailService(opts.dir, (mail) => mail.listDkimKeys(opts.domain));
      if (opts.json) return printJson(keys.map(keyJson));
      printTable(
        ['DOMAIN', 'SELECTOR', 'ALGORITHM', 'ACTIVE', 'CREATED'],
        keys.map((key) => [key.domain, key.selector, key.algorithm, key.active ? 'yes' : 'no', new Date(key.createdAt).toISOString().slice(0, 10)]),
      );
    });
}

function showCommand(): Command {
  return new Command('show')
    .description("Print the DNS TXT record of a domain's active DKIM key (or of the key with --selector).")
    .argument('<DOMAIN>', 'the local domain')
    .addOption(selectorOption('the key to show instead of the active one'))
    .option('--json', 'print {domain, selector, algorithm, active, createdAt, record: {name, type, value, strings}}')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead dkim show example.org --dir mailstead-data\n  mailstead dkim show example.org --selector ms202701 --dir mailstead-data\n')
    .action(async (domain: string, opts: DirOptions & { selector?: string; json?: boolean }) => {
      const key = await withMailService(opts.dir, async (mail) => {
        await requireDomain(mail, domain);
        const found = opts.selector === undefined ? await mail.activeDkimKey(domain) : await mail.findDkimKey(domain, opts.selector);
        if (found) return found;
        const name = domain.toLowerCase();
        throw new Error(
          opts.selector === undefined
            ? `${name} has no active DKIM key; make one with: mailstead dkim generate ${name}`
            : `DKIM key ${opts.selector} of ${name} does not exist`,
        );
      });
      if (opts.json) return printJson(keyJson(key));
      printLine(dkimZoneLine(key));
    });
}

function activateCommand(): Command {
  return new Command('activate')
    .description("Make a key the domain's signing key (the active one before stays stored, inactive). Publish its record first.")
    .argument('<DOMAIN>', 'the local domain')
    .argument('<SELECTOR>', 'the key to sign with', parseSelectorArgument)
    .addOption(dirOption())
    .addHelpText('after', '\nExample:\n  mailstead dkim activate example.org ms202701 --dir mailstead-data\n')
    .action(async (domain: string, selector: string, opts: DirOptions) => {
      const key = await withMailService(opts.dir, (mail) => mail.activateDkimKey(domain, selector));
      printLine(`DKIM key ${key.selector} now signs the mail of ${key.domain}`);
    });
}

function removeCommand(): Command {
  return new Command('remove')
    .description('Remove a DKIM key. Removing the active key leaves the domain\'s mail unsigned. Keep its DNS record a few days longer.')
    .argument('<DOMAIN>', 'the local domain')
    .argument('<SELECTOR>', 'the key to remove', parseSelectorArgument)
    .addOption(dirOption())
    .addHelpText('after', '\nExample:\n  mailstead dkim remove example.org ms202611 --dir mailstead-data\n')
    .action(async (domain: string, selector: string, opts: DirOptions) => {
      const key = await withMailService(opts.dir, (mail) => mail.removeDkimKey(domain, selector));
      printLine(`removed DKIM key ${key.selector} of ${key.domain}${key.active ? `; ${key.domain} has no active key now, its mail is not signed` : ''}`);
    });
}

export function dkimCommand(): Command {
  return new Command('dkim')
    .description('Manage the DKIM keys that sign mail sent from local domains.')
    .addCommand(generateCommand())
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(activateCommand())
    .addCommand(removeCommand());
}
