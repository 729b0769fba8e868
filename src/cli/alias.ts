// `mailstead alias add|list|remove`: addresses that deliver to other addresses, local ones or remote
// ones the mail is forwarded to (with SRS, docs/sending.md). `@domain` as the alias is the domain's
// catch-all (used only when no account or alias matches).
import { Command } from 'commander';
import { dirOption, domainOf, type DirOptions } from './arguments.ts';
import { withMailService } from './instance.ts';
import { printJson, printLine, printTable } from './output.ts';
import { UsageError } from './exit.ts';

/** Targets must be addresses; one in a remote domain is forwarded there. */
function checkTargets(targets: readonly string[]): void {
  for (const target of targets) {
    if (domainOf(target) === undefined) throw new UsageError(`alias target "${target}" is not an address like user@example.org`);
  }
}

function addCommand(): Command {
  return new Command('add')
    .description(
      'Add an alias, or add targets to an existing one. Targets may be accounts or other aliases in local domains, or addresses in other domains: mail to those is forwarded through the outbound queue, its envelope sender rewritten with SRS so SPF still passes at the destination.',
    )
    .argument('<ALIAS>', 'the alias address, e.g. sales@example.org; "@example.org" is the catch-all of example.org')
    .argument('<TARGET...>', 'one or more addresses the mail is delivered (local) or forwarded (remote) to')
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nExamples:\n  mailstead alias add sales@example.org alice@example.org bob@example.org --dir mailstead-data\n  mailstead alias add info@example.org alice@example.org owner@gmail.example --dir mailstead-data   # forwards a copy\n  mailstead alias add @example.org postmaster@example.org --dir mailstead-data   # catch-all\n',
    )
    .action(async (alias: string, targets: string[], opts: DirOptions) => {
      checkTargets(targets);
      const added = await withMailService(opts.dir, (mail) => mail.addAlias(alias, targets));
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
