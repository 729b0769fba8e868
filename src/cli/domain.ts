// `mailstead domain add|list|remove`: the domains this server receives mail for. A domain alias
// (`--alias-of`) maps every address of one domain onto the same local part of another.
import { Command } from 'commander';
import { dirOption, type DirOptions } from './arguments.ts';
import { withMailService } from './instance.ts';
import { printJson, printLine, printTable } from './output.ts';

function addCommand(): Command {
  return new Command('add')
    .description('Add a domain to receive mail for (then publish its MX record).')
    .argument('<DOMAIN>', 'the domain name, e.g. example.org')
    .option('--alias-of <TARGET>', 'make DOMAIN an alias of the existing local domain TARGET: user@DOMAIN delivers to user@TARGET')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead domain add example.org --dir mailstead-data\n  mailstead domain add example.net --alias-of example.org --dir mailstead-data\n')
    .action(async (domain: string, opts: DirOptions & { aliasOf?: string }) => {
      const added = await withMailService(opts.dir, (mail) => mail.addDomain(domain, opts.aliasOf === undefined ? undefined : { aliasOf: opts.aliasOf }));
      printLine(added.aliasOf ? `added domain ${added.name} (alias of ${added.aliasOf})` : `added domain ${added.name}`);
    });
}

function listCommand(): Command {
  return new Command('list')
    .description('List the local domains and domain aliases.')
    .option('--json', 'print a JSON array of {name, aliasOf} (aliasOf is null for a real domain)')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead domain list --dir mailstead-data\n  mailstead domain list --json --dir mailstead-data\n')
    .action(async (opts: DirOptions & { json?: boolean }) => {
      const domains = await withMailService(opts.dir, (mail) => mail.listDomains());
      const rows = domains.map((d) => ({ name: d.name, aliasOf: d.aliasOf }));
      if (opts.json) return printJson(rows);
      printTable(['DOMAIN', 'ALIAS OF'], rows.map((d) => [d.name, d.aliasOf ?? '-']));
    });
}

function removeCommand(): Command {
  return new Command('remove')
    .description('Remove a domain. Refused while it still has accounts, aliases or domain aliases onto it.')
    .argument('<DOMAIN>', 'the domain to remove')
    .addOption(dirOption())
    .addHelpText('after', '\nExample:\n  mailstead domain remove example.net --dir mailstead-data\n')
    .action(async (domain: string, opts: DirOptions) => {
      await withMailService(opts.dir, (mail) => mail.removeDomain(domain));
      printLine(`removed domain ${domain.toLowerCase()}`);
    });
}

export function domainCommand(): Command {
  return new Command('domain')
    .description('Manage the domains this server receives mail for.')
    .addCommand(addCommand())
    .addCommand(listCommand())
    .addCommand(removeCommand());
}
