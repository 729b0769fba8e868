// `mailstead account add|list|remove|passwd|quota|sender-policy|forward`: mail accounts (a login, its
// mailboxes, and where its mail is forwarded).
// A password not given on the command line is generated and printed once, so it never has to
// appear in shell history or the process list.
import { Argument, Command } from 'commander';
import { generatePassword, hashPassword } from '../auth/index.ts';
import { SENDER_POLICIES, type Account, type SenderPolicy } from '../mail/index.ts';
import { formatSize } from '../util/units.ts';
import { dirOption, domainOf, limitValue, parseMessageQuotaOption, parseQuotaArgument, parseQuotaOption, type DirOptions, type LimitOption } from './arguments.ts';
import { withMailService } from './instance.ts';
import { generatedPasswordLine, humanSize, printJson, printLine, printTable } from './output.ts';
import { UsageError } from './exit.ts';

function quotaText(quotaBytes: number | null): string {
  return quotaBytes === null ? 'unlimited' : formatSize(quotaBytes);
}

function messageQuotaText(quotaMessages: number | null): string {
  return quotaMessages === null ? 'unlimited' : String(quotaMessages);
}

/** `-`, or the targets with "(no copy)" when the INBOX keeps none. */
function forwardText(forwardTo: readonly string[], keepCopy: boolean): string {
  if (forwardTo.length === 0) return '-';
  return `${forwardTo.join(', ')}${keepCopy ? '' : ' (no copy)'}`;
}

function addCommand(): Command {
  return new Command('add')
    .description('Add an account (with INBOX, Sent, Drafts, Trash, Junk and Archive). Its domain must exist.')
    .argument('<ADDRESS>', 'the account address, e.g. alice@example.org (also its login name)')
    .option('--password <PW>', 'the password (default: a generated one, printed once)')
    .option('--quota <SIZE>', 'storage quota, e.g. 500MB or 2GB; "unlimited" or 0 for none (default: unlimited)', parseQuotaOption)
    .option('--quota-messages <N>', 'most messages the account may hold; "unlimited" or 0 for none (default: unlimited)', parseMessageQuotaOption)
    .option('--admin', 'make the account an administrator of its domain (mail to postmaster@ or abuse@ of the domain goes to the first admin when no account or alias has that name)')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead account add alice@example.org --dir mailstead-data\n  mailstead account add bob@example.org --quota 2GB --password "correct horse battery" --dir mailstead-data\n  mailstead account add carol@example.org --quota 1GB --quota-messages 50000 --dir mailstead-data\n')
    .action(async (address: string, opts: DirOptions & { password?: string; quota?: LimitOption; quotaMessages?: LimitOption; admin?: boolean }) => {
      const password = opts.password ?? generatePassword();
      const passwordHash = await hashPassword(password);
      const account = await withMailService(opts.dir, (mail) =>
        mail.addAccount({
          address,
          passwordHash,
          quotaBytes: limitValue(opts.quota) ?? null,
          quotaMessages: limitValue(opts.quotaMessages) ?? null,
          isAdmin: opts.admin === true,
        }),
      );
      const messages = account.quotaMessages === null ? '' : `, ${account.quotaMessages} messages`;
      printLine(`added account ${account.address} (quota ${quotaText(account.quotaBytes)}${messages}${account.isAdmin ? ', admin' : ''})`);
      if (opts.password === undefined) printLine(generatedPasswordLine(account.address, password));
    });
}

function listRow(a: Account) {
  return {
    address: a.address,
    domain: a.domain,
    quotaBytes: a.quotaBytes,
    usedBytes: a.usedBytes,
    quotaMessages: a.quotaMessages,
    messageCount: a.messageCount,
    isAdmin: a.isAdmin,
    senderPolicy: a.senderPolicy,
    forwardTo: a.forwardTo,
    keepCopy: a.keepCopy,
  };
}

function listCommand(): Command {
  return new Command('list')
    .description('List accounts with their storage quota and use, message quota and count, admin flag, sender policy and forwarding.')
    .option('--domain <DOMAIN>', 'only the accounts of this domain')
    .option(
      '--json',
      'print a JSON array of {address, domain, quotaBytes, usedBytes, quotaMessages, messageCount, isAdmin, senderPolicy, forwardTo, keepCopy} (quotaBytes and quotaMessages null = unlimited; forwardTo [] = no forwarding)',
    )
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead account list --dir mailstead-data\n  mailstead account list --domain example.org --json --dir mailstead-data\n')
    .action(async (opts: DirOptions & { domain?: string; json?: boolean }) => {
      const accounts = await withMailService(opts.dir, (mail) => mail.listAccounts(opts.domain));
      const rows = accounts.map(listRow);
      if (opts.json) return printJson(rows);
      printTable(
        ['ADDRESS', 'QUOTA', 'USED', 'MESSAGE QUOTA', 'MESSAGES', 'ADMIN', 'SENDERS', 'FORWARD TO'],
        rows.map((a) => [
          a.address,
          quotaText(a.quotaBytes),
          humanSize(a.usedBytes),
          messageQuotaText(a.quotaMessages),
          String(a.messageCount),
          a.isAdmin ? 'yes' : 'no',
          a.senderPolicy,
          forwardText(a.forwardTo, a.keepCopy),
        ]),
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
    .description(
      "Set an account's storage quota, and with --messages its message quota (else that stays as it is). Mail that would exceed either is refused with 452 4.2.2.",
    )
    .argument('<ADDRESS>', 'the account')
    .argument('<SIZE>', 'the quota, e.g. 500MB or 2GB; "unlimited" or 0 for none', parseQuotaArgument)
    .option('--messages <N>', 'most messages the account may hold; "unlimited" or 0 for none', parseMessageQuotaOption)
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nExamples:\n  mailstead account quota alice@example.org 5GB --dir mailstead-data\n  mailstead account quota alice@example.org unlimited --dir mailstead-data\n  mailstead account quota alice@example.org 5GB --messages 100000 --dir mailstead-data\n',
    )
    .action(async (address: string, quotaBytes: number | null, opts: DirOptions & { messages?: LimitOption }) => {
      const quotaMessages = limitValue(opts.messages);
      await withMailService(opts.dir, (mail) => mail.setQuota(address, quotaBytes, quotaMessages));
      const messages = quotaMessages === undefined ? '' : ` and ${messageQuotaText(quotaMessages)} messages`;
      printLine(`set the quota of ${address.toLowerCase()} to ${quotaText(quotaBytes)}${messages}`);
    });
}

function senderPolicyCommand(): Command {
  return new Command('sender-policy')
    .description(
      'Set which sender addresses (MAIL FROM and From:) an account may use when it sends through submission: "own" (its address, its sub-addresses and the aliases that deliver to it; the default), "domain" (any address of its domain) or "any". Others are refused with 553 5.7.1.',
    )
    .argument('<ADDRESS>', 'the account')
    .addArgument(new Argument('<POLICY>', 'own, domain or any').choices(SENDER_POLICIES))
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead account sender-policy alice@example.org domain --dir mailstead-data\n  mailstead account sender-policy scanner@example.org any --dir mailstead-data\n')
    .action(async (address: string, policy: SenderPolicy, opts: DirOptions) => {
      await withMailService(opts.dir, (mail) => mail.setSenderPolicy(address, policy));
      printLine(`set the sender policy of ${address.toLowerCase()} to ${policy}`);
    });
}

function forwardCommand(): Command {
  return new Command('forward')
    .description(
      "Forward an account's mail to other addresses: remote ones through the outbound queue (the envelope sender rewritten with SRS, so SPF still passes at the destination; bounces come back to the original sender), local ones like another recipient. Its INBOX keeps a copy unless --no-keep-copy. Without targets, forwarding stops. Replaces the targets set before.",
    )
    .argument('<ADDRESS>', 'the account')
    .argument('[TARGET...]', 'the addresses to forward to; none to stop forwarding')
    .option('--no-keep-copy', 'deliver only to the targets, not to the INBOX as well')
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nExamples:\n  mailstead account forward alice@example.org alice@gmail.example --dir mailstead-data\n  mailstead account forward bob@example.org bob@home.example carol@example.org --no-keep-copy --dir mailstead-data\n  mailstead account forward alice@example.org --dir mailstead-data   # stop forwarding\n',
    )
    .action(async (address: string, targets: string[], opts: DirOptions & { keepCopy: boolean }) => {
      for (const target of targets) {
        if (domainOf(target) === undefined) throw new UsageError(`forward target "${target}" is not an address like user@example.org`);
      }
      const account = await withMailService(opts.dir, (mail) => mail.setForwarding(address, targets, opts.keepCopy));
      if (account.forwardTo.length === 0) return printLine(`${account.address} does not forward`);
      printLine(`${account.address} forwards to ${account.forwardTo.join(', ')} (${account.keepCopy ? 'keeping a copy' : 'keeping no copy'})`);
    });
}

export function accountCommand(): Command {
  return new Command('account')
    .description('Manage mail accounts.')
    .addCommand(addCommand())
    .addCommand(listCommand())
    .addCommand(removeCommand())
    .addCommand(passwdCommand())
    .addCommand(quotaCommand())
    .addCommand(senderPolicyCommand())
    .addCommand(forwardCommand());
}
