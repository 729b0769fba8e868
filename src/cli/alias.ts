// `mailstead alias add|list|remove`: addresses that deliver to other addresses. `@domain` as the alias
// is the domain's catch-all (used only when no account or alias matches).
import { Command } from 'commander';
import type { MailService } from '../mail/index.ts';
import { dirOption, domainOf, type DirOptions } from './arguments.ts';
import { withMailService } from './instance.ts';
import { printJson, printLine, printTable } from './output.ts';
import { UsageError } from './exit.ts';

/** Targets must be addresses in local domains: mail to remote targets needs the outbound queue. */
async function checkTargets(mail: MailService, targets: readonly string[]): Promise<void> {
  for (const target of targets) {
    const domain = domainOf(target);
    if (domain === undefined) throw new UsageError(`alias target "${target}" is not an address like user@example.org`);
    if (!(await mail.findDomain(domain))) {
      throw new Error(`alias target ${target} is not in a local domain; forwarding to remote addresses arrives with the outbound queue`);
    }
  }
}

function addCommand(): Command {
  return new Command('add')
    .description('Add an alias, or add targets to an existing one. Targets may be accounts or other aliases in local domains.')
    .argument('<ALIAS>', 'the alias address, e.g. sales@example.org; "@example.org" is the catch-all of example.org')
    .argument('<TARGET...>', 'one or more addresses the mail is delivered to')
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nExamples:\n  mailstead alias add sales@example.org alice@example.org bob@example.org --dir mailstead-data\n  mailstead alias add @example.org postmaster@example.org --dir mailstead-data   # catch-all\n',
    )
    .action(async (alias: string, targets: string[], opts: DirOptions) => {
      const added = await withMailService(opts.dir, async (mail) => {
        await checkTargets(mail, targets);
        return mail.addAlias(alias, targets);
      });
      printLine(`alias ${added.address} → ${added.targets.join(', ')}`);
    });
}

function listCommand(): Command {
  return new Command('list')
    .description('List aliases and their targets.')
    .option('--domain <DOMAIN>', 'only the aliases of this domain')
    .option('--json', 'print a JSON array of {address, targets}')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead alias list --dir mailstead-data\n  mailstead alias list --json --dir mailstead-data\n')
    .action(async (opts: DirOptions & { domain?: string; json?: boolean }) => {
      const aliases = await withMailService(opts.dir, (mail) => mail.listAliases(opts.domain));
      const rows = aliases.map((a) => ({ address: a.address, targets: a.targets }));
      if (opts.json) return printJson(rows);
      printTable(['ALIAS', 'TARGETS'], rows.map((a) => [a.address, a.targets.join(', ')]));
    });
}

function removeCommand(): Command {
  return new Command('remove')
    .description('Remove an alias with all its targets.')
    .argument('<ALIAS>', 'the alias address (or "@example.org" for the catch-all)')
    .addOption(dirOption())
    .addHelpText('after', '\nExample:\n  mailstead alias remove sales@example.org --dir mailstead-data\n')
    .action(async (alias: string, opts: DirOptions) => {
      await withMailService(opts.dir, (mail) => mail.removeAlias(alias));
      printLine(`removed alias ${alias.toLowerCase()}`);
    });
}

export function aliasCommand(): Command {
  return new Command('alias')
    .description('Manage aliases and catch-all addresses.')
    .addCommand(addCommand())
    .addCommand(listCommand())
    .addCommand(removeCommand());
}
