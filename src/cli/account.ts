// `mailstead account add|list|remove|passwd|quota`: mail accounts (a login and its mailboxes).
// A password not given on the command line is generated and printed once, so it never has to
// appear in shell history or the process list.
import { Command } from 'commander';
import { generatePassword, hashPassword } from '../auth/index.ts';
import type { Account } from '../mail/index.ts';
import { formatSize } from '../util/units.ts';
import { dirOption, parseQuotaArgument, type DirOptions } from './arguments.ts';
import { withMailService } from './instance.ts';
import { generatedPasswordLine, humanSize, printJson, printLine, printTable } from './output.ts';

function quotaText(quotaBytes: number | null): string {
  return quotaBytes === null ? 'unlimited' : formatSize(quotaBytes);
}

function addCommand(): Command {
  return new Command('add')
    .description('Add an account (with INBOX, Sent, Drafts, Trash, Junk and Archive). Its domain must exist.')
    .argument('<ADDRESS>', 'the account address, e.g. alice@example.org (also its login name)')
    .option('--password <PW>', 'the password (default: a generated one, printed once)')
    .option('--quota <SIZE>', 'storage quota, e.g. 500MB or 2GB; "unlimited" or 0 for none (default: unlimited)', parseQuotaArgument)
    .option('--admin', 'make the account an administrator of its domain (mail to postmaster@ or abuse@ of the domain goes to the first admin when no account or alias has that name)')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead account add alice@example.org --dir mailstead-data\n  mailstead account add bob@example.org --quota 2GB --password "correct horse battery" --dir mailstead-data\n')
    .action(async (address: string, opts: DirOptions & { password?: string; quota?: number | null; admin?: boolean }) => {
      const password = opts.password ?? generatePassword();
      const passwordHash = await hashPassword(password);
      const account = await withMailService(opts.dir, (mail) =>
        mail.addAccount({ address, passwordHash, quotaBytes: opts.quota ?? null, isAdmin: opts.admin === true }),
      );
      printLine(`added account ${account.address} (quota ${quotaText(account.quotaBytes)}${account.isAdmin ? ', admin' : ''})`);
      if (opts.password === undefined) printLine(generatedPasswordLine(account.address, password));
    });
}

function listRow(a: Account) {
  return { address: a.address, domain: a.domain, quotaBytes: a.quotaBytes, usedBytes: a.usedBytes, isAdmin: a.isAdmin };
}

function listCommand(): Command {
  return new Command('list')
    .description('List accounts with their quota, storage used and admin flag.')
    .option('--domain <DOMAIN>', 'only the accounts of this domain')
    .option('--json', 'print a JSON array of {address, domain, quotaBytes, usedBytes, isAdmin} (quotaBytes null = unlimited)')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead account list --dir mailstead-data\n  mailstead account list --domain example.org --json --dir mailstead-data\n')
    .action(async (opts: DirOptions & { domain?: string; json?: boolean }) => {
      const accounts = await withMailService(opts.dir, (mail) => mail.listAccounts(opts.domain));
      const rows = accounts.map(listRow);
      if (opts.json) return printJson(rows);
      printTable(
        ['ADDRESS', 'QUOTA', 'USED', 'ADMIN'],
        rows.map((a) => [a.address, quotaText(a.quotaBytes), humanSize(a.usedBytes), a.isAdmin ? 'yes' : 'no']),
      );
    });
}

function removeCommand(): Command {
  return new Command('remove')
    .description('Remove an account with all its mailboxes and messages. This cannot be undone.')
    .argument('<ADDRESS>', 'the account to remove')
    .addOption(dirOption())
    .addHelpText('after', '\nExample:\n  mailstead account remove bob@example.org --dir mailstead-data\n')
    .action(async (address: string, opts: DirOptions) => {
      await withMailService(opts.dir, (mail) => mail.removeAccount(address));
      printLine(`removed account ${address.toLowerCase()}`);
    });
}

function passwdCommand(): Command {
  return new Command('passwd')
    .description("Set an account's password.")
    .argument('<ADDRESS>', 'the account')
    .option('--password <PW>', 'the new password (default: a generated one, printed once)')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead account passwd alice@example.org --dir mailstead-data\n  mailstead account passwd alice@example.org --password "new secret" --dir mailstead-data\n')
    .action(async (address: string, opts: DirOptions & { password?: string }) => {
      const password = opts.password ?? generatePassword();
      const passwordHash = await hashPassword(password);
      await withMailService(opts.dir, (mail) => mail.setPassword(address, passwordHash));
      printLine(`changed the password of ${address.toLowerCase()}`);
      if (opts.password === undefined) printLine(generatedPasswordLine(address.toLowerCase(), password));
    });
}

function quotaCommand(): Command {
  return new Command('quota')
    .description("Set an account's storage quota. Mail that would exceed it is refused with 452 4.2.2.")
    .argument('<ADDRESS>', 'the account')
    .argument('<SIZE>', 'the quota, e.g. 500MB or 2GB; "unlimited" or 0 for none', parseQuotaArgument)
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead account quota alice@example.org 5GB --dir mailstead-data\n  mailstead account quota alice@example.org unlimited --dir mailstead-data\n')
    .action(async (address: string, quotaBytes: number | null, opts: DirOptions) => {
      await withMailService(opts.dir, (mail) => mail.setQuota(address, quotaBytes));
      printLine(`set the quota of ${address.toLowerCase()} to ${quotaText(quotaBytes)}`);
    });
}

export function accountCommand(): Command {
  return new Command('account')
    .description('Manage mail accounts.')
    .addCommand(addCommand())
    .addCommand(listCommand())
    .addCommand(removeCommand())
    .addCommand(passwdCommand())
    .addCommand(quotaCommand());
}
