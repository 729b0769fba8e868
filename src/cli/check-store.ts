// `mailstead check-store`: verifies that every message the database references has its blob with
// the right hash and size, and collects orphan blobs (left by a crash between the blob rename and
// the database commit) once they are older than the grace period, so a delivery in flight that is
// about to reference a blob never loses it (DESIGN.md "Storage").
import { Command, Option } from 'commander';
import { dirOption, parseDurationArgument } from './arguments.ts';
import { withMailService } from './instance.ts';
import { printLine } from './output.ts';

const DEFAULT_GRACE_MS = 3_600_000;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function checkStoreCommand(): Command {
  return new Command('check-store')
    .description('Check the store for missing or damaged message files and collect orphan ones. Safe while the server runs.')
    .addOption(
      new Option('--grace <DURATION>', 'collect only orphan blobs older than this, e.g. 30m, 1h, 2d')
        .argParser(parseDurationArgument)
        .default(DEFAULT_GRACE_MS, '1h'),
    )
    .addOption(dirOption())
    .addHelpText(
      'after',
      '\nPrints one line per problem and exits 1, or prints "store ok" and exits 0.\n\nExamples:\n  mailstead check-store --dir mailstead-data\n  mailstead check-store --grace 10m --dir mailstead-data\n',
    )
    .action(async (opts: { dir: string; grace: number }) => {
      const report = await withMailService(opts.dir, (mail) => mail.checkStore({ graceMs: opts.grace }));
      for (const problem of report.problems) printLine(problem);
      const collected = report.collectedBlobs > 0 ? `; collected ${plural(report.collectedBlobs, 'orphan blob')}` : '';
      if (report.problems.length > 0) throw new Error(`the store has ${plural(report.problems.length, 'problem')}${collected}`);
      printLine(`store ok${collected}`);
    });
}
