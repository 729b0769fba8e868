// The `mailstead` command tree and the one place that turns an outcome into an exit code and a
// stderr line (exit.ts). Commander's own usage errors are caught through exitOverride so they exit 2.
import { Command } from 'commander';
import { accountCommand } from './account.ts';
import { aliasCommand } from './alias.ts';
import { certCommand } from './cert.ts';
import { checkStoreCommand } from './check-store.ts';
import { dkimCommand } from './dkim.ts';
import { queueCommand } from './queue.ts';
import { domainCommand } from './domain.ts';
import { EXIT_OK, errorLine, exitCodeFor, oneLine } from './exit.ts';
import { initCommand } from './init.ts';
import { sendmailCommand } from './sendmail.ts';
import { serveCommand } from './serve.ts';
import { packageVersion } from '../util/package-version.ts';

/** addCommand() does not copy settings to subcommands, so they are applied to the whole tree. */
function applyErrorHandling(command: Command): void {
  command.exitOverride();
  command.configureOutput({ outputError: (text, write) => write(`${oneLine(text)}\n`) });
  for (const sub of command.commands) applyErrorHandling(sub);
}

export function createProgram(): Command {
  const program = new Command('mailstead')
    .description('Mailstead, a self-hosted mail server. Every command works on one instance directory (--dir).')
    .version(packageVersion(), '--version', 'print the version')
    .addCommand(initCommand())
    .addCommand(serveCommand())
    .addCommand(domainCommand())
    .addCommand(accountCommand())
    .addCommand(aliasCommand())
    .addCommand(dkimCommand())
    .addCommand(certCommand())
    .addCommand(queueCommand())
    .addCommand(checkStoreCommand())
    .addCommand(sendmailCommand())
    .addHelpText('after', '\nExit codes: 0 ok, 1 the operation failed, 2 usage error.\nRun `mailstead <command> --help` for the options of a command; docs/cli.md has them all.\n');
  applyErrorHandling(program);
  return program;
}

/** Runs one command line (without the node and script arguments); resolves to the exit code. */
export async function runCli(args: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync(args, { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    const line = errorLine(err);
    if (line !== undefined) process.stderr.write(`${line}\n`);
    return exitCodeFor(err);
  }
}
