// `mailstead queue list|show|retry|delete|bounce`: the outbound queue, as Postfix's mailq/postqueue/
// postsuper show and change it. Works whether or not the server runs: changes go into the store, and
// the running server's queue runner sees them at its next pass (within 30 seconds).
import { Command, InvalidArgumentError } from 'commander';
import type { MailService, QueueEntry } from '../mail/index.ts';
import { dirOption, type DirOptions } from './arguments.ts';
import { UsageError } from './exit.ts';
import { withMailService } from './instance.ts';
import { humanSize, printJson, printLine, printTable } from './output.ts';

function parseQueueId(value: string): number {
  const id = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(id) || id < 1) throw new InvalidArgumentError('expected a queue id as `queue list` shows it, e.g. 42.');
  return id;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function entryJson(entry: QueueEntry) {
  return {
    id: entry.id,
    messageId: entry.messageId,
    sender: entry.sender,
    recipient: entry.recipient,
    size: entry.size,
    status: entry.status,
    queuedAt: iso(entry.createdAt),
    attempts: entry.attempts,
    nextAttemptAt: iso(entry.nextAttemptAt),
    lastReply: entry.lastReply,
    notify: entry.notify,
    ret: entry.ret,
    envid: entry.envid,
    bounceRequested: entry.bounceRequested,
  };
}

async function requireEntries(mail: MailService, ids: readonly number[]): Promise<void> {
  for (const id of ids) if ((await mail.findQueueEntry(id)) === undefined) throw new Error(`queue entry ${id} does not exist`);
}

function listCommand(): Command {
  return new Command('list')
    .description('List the messages waiting for delivery to other servers: one line per recipient, oldest first, with the attempts so far and the last reply.')
    .option('--json', 'print a JSON array of {id, messageId, sender, recipient, size, status, queuedAt, attempts, nextAttemptAt, lastReply, notify, ret, envid, bounceRequested}')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead queue list --dir mailstead-data\n  mailstead queue list --json --dir mailstead-data\n')
    .action(async (opts: DirOptions & { json?: boolean }) => {
      const entries = await withMailService(opts.dir, (mail) => mail.listQueue());
      if (opts.json) return printJson(entries.map(entryJson));
      if (entries.length === 0) return printLine('the queue is empty');
      printTable(
        ['ID', 'QUEUED', 'SIZE', 'SENDER', 'RECIPIENT', 'ATTEMPTS', 'NEXT', 'LAST REPLY'],
        entries.map((e) => [String(e.id), iso(e.createdAt), humanSize(e.size), e.sender === '' ? '<>' : e.sender, e.recipient, String(e.attempts), e.status === 'delivering' ? 'now' : iso(e.nextAttemptAt), e.lastReply ?? '']),
      );
    });
}

function showCommand(): Command {
  return new Command('show')
    .description('Show one queue entry: its envelope, and every delivery attempt with the remote server and its reply.')
    .argument('<ID>', 'the queue id (from `queue list`)', parseQueueId)
    .option('--json', 'print {entry, attempts: [{attemptedAt, outcome, status, detail, host, tls}]}')
    .addOption(dirOption())
    .addHelpText('after', '\nExample:\n  mailstead queue show 42 --dir mailstead-data\n')
    .action(async (id: number, opts: DirOptions & { json?: boolean }) => {
      const { entry, attempts } = await withMailService(opts.dir, async (mail) => {
        const found = await mail.findQueueEntry(id);
        if (found === undefined) throw new Error(`queue entry ${id} does not exist`);
        return { entry: found, attempts: await mail.listQueueAttempts(id) };
      });
      if (opts.json) return printJson({ entry: entryJson(entry), attempts: attempts.map((a) => ({ ...a, attemptedAt: iso(a.attemptedAt) })) });
      printLine(`queue entry ${entry.id} (message ${entry.messageId}, ${humanSize(entry.size)})`);
      printLine(`  from:          <${entry.sender}>`);
      printLine(`  to:            <${entry.recipient}>${entry.notify === null ? '' : ` NOTIFY=${entry.notify.join(',')}`}`);
      printLine(`  queued:        ${iso(entry.createdAt)}`);
      printLine(`  next attempt:  ${entry.status === 'delivering' ? 'being delivered now' : iso(entry.nextAttemptAt)}`);
      printLine(`  attempts:      ${attempts.length}`);
      for (const attempt of attempts) {
        const tls = attempt.tls === null ? 'no TLS' : `${attempt.tls.protocol}${attempt.tls.verified ? ', verified' : ', not verified'}`;
        printLine(`  ${iso(attempt.attemptedAt)}  ${attempt.outcome} ${attempt.status}${attempt.host === null ? '' : ` via ${attempt.host} (${tls})`}`);
        printLine(`      ${attempt.detail}`);
      }
    });
}

function retryCommand(): Command {
  return new Command('retry')
    .description('Try entries again now instead of at their next scheduled time (Postfix: postqueue -i / -f).')
    .argument('[ID...]', 'queue ids', (value: string, previous: number[] = []) => [...previous, parseQueueId(value)])
    .option('--all', 'every entry in the queue')
    .addOption(dirOption())
    .addHelpText('after', '\nExamples:\n  mailstead queue retry 42 --dir mailstead-data\n  mailstead queue retry --all --dir mailstead-data\n')
    .action(async (ids: number[] | undefined, opts: DirOptions & { all?: boolean }) => {
      const chosen = ids ?? [];
      if (opts.all === true && chosen.length > 0) throw new UsageError('give queue ids or --all, not both');
      if (opts.all !== true && chosen.length === 0) throw new UsageError('give queue ids or --all');
      const count = await withMailService(opts.dir, async (mail) => {
        await requireEntries(mail, chosen);
        return mail.retryQueue(opts.all === true ? null : chosen);
      });
      printLine(`${count} ${count === 1 ? 'entry' : 'entries'} will be tried again now`);
    });
}

function deleteCommand(): Command {
  return new Command('delete')
    .description('Remove entries from the queue without telling the sender (Postfix: postsuper -d). This cannot be undone.')
    .argument('<ID...>', 'queue ids', (value: string, previous: number[] = []) => [...previous, parseQueueId(value)])
    .addOption(dirOption())
    .addHelpText('after', '\nExample:\n  mailstead queue delete 42 43 --dir mailstead-data\n')
    .action(async (ids: number[], opts: DirOptions) => {
      const count = await withMailService(opts.dir, async (mail) => {
        await requireEntries(mail, ids);
        return mail.removeQueueEntries(ids);
      });
      printLine(`removed ${count} ${count === 1 ? 'entry' : 'entries'}`);
    });
}

function bounceCommand(): Command {
  return new Command('bounce')
    .description('Give up on entries: the server returns them to their senders with a bounce (status 5.0.0) at its next queue pass, without another attempt.')
    .argument('<ID...>', 'queue ids', (value: string, previous: number[] = []) => [...previous, parseQueueId(value)])
    .addOption(dirOption())
    .addHelpText('after', '\nExample:\n  mailstead queue bounce 42 --dir mailstead-data\n')
    .action(async (ids: number[], opts: DirOptions) => {
      const count = await withMailService(opts.dir, async (mail) => {
        await requireEntries(mail, ids);
        return mail.requestBounce(ids);
      });
      printLine(`${count} ${count === 1 ? 'entry' : 'entries'} will be bounced at the next queue pass`);
    });
}

export function queueCommand(): Command {
  return new Command('queue')
    .description('Show and manage the outbound queue: mail waiting for delivery to other servers.')
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(retryCommand())
    .addCommand(deleteCommand())
    .addCommand(bounceCommand());
}
