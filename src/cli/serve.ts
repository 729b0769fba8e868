// `mailstead serve`: runs the server on an instance directory until SIGTERM/SIGINT (graceful stop);
// SIGHUP reloads the configuration and certificates. With --init-if-missing a directory without a
// mailstead.toml is first initialised with the embedded default, which is what `npm start` does.
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { configPath } from '../config/index.ts';
import { serveUntilSignal } from '../server/index.ts';
import { dirOption } from './arguments.ts';
import { initInstance, initReport, type InitOptions } from './init.ts';
import { printLine } from './output.ts';

/**
 * The embedded default: a reserved test domain (RFC 2606), so nothing in it can reach real mail.
 * Not root: port base 10000 (SMTP on 10025), since ports below 1024 need privileges.
 */
export function defaultInstance(dir: string): InitOptions {
  const root = process.getuid?.() === 0;
  return { dir, hostname: 'mail.example.test', domain: 'example.test', admin: 'postmaster@example.test', portBase: root ? 0 : 10000 };
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the mail server until SIGTERM or SIGINT; SIGHUP reloads mailstead.toml and the certificates. Logs are JSON lines on stdout.')
    .option('--init-if-missing', `when DIR has no mailstead.toml, first create an instance for example.test (hostname mail.example.test, admin postmaster@example.test with a generated password printed once, port base 10000 unless run as root)`)
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nExamples:\n  mailstead serve --dir /var/lib/mailstead\n  mailstead serve --dir mailstead-data --init-if-missing   # what `npm start` runs\n',
    )
    .action(async (opts: { dir: string; initIfMissing?: boolean }) => {
      if (opts.initIfMissing && !existsSync(configPath(opts.dir))) {
        const result = await initInstance(defaultInstance(opts.dir));
        for (const line of initReport(result, opts.dir)) printLine(line);
        printLine();
      }
      await serveUntilSignal(opts.dir);
    });
}
