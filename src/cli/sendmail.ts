// `mailstead sendmail [--dir DIR] [-t] [-i] [-f FROM] [RCPT...]`: the sendmail(1)-compatible entry that
// cron, PHP's mail(), mutt and scripts call with the message on standard input. It is a trusted local
// submission (smtp/local): it opens the store in this process and delivers through a router built as
// `serve` builds it, so it works whether or not the server runs (the server's queue runner picks up
// what it queued for remote recipients).
//
// Arguments are parsed here, getopt style as sendmail and Postfix parse them (`-ti`, `-fFROM` and
// `-f FROM`, options anywhere before `--`), not by commander: `-oi`, `-odi`, `-B8BITMIME` are single
// options with a value, which commander would split into letters. Flags that cron, PHP and MUAs pass and
// that mean nothing here are accepted and ignored; any other flag is a usage error.
//
// Exit codes, as Postfix's sendmail: 0 once the message is durable for every recipient; 75 (EX_TEMPFAIL,
// sysexits.h) when trying again later may work (store unavailable, a full mailbox); 1 when it cannot
// work (unknown recipient, malformed message, too big), also when some recipients got the message and
// others were refused (the line says which, so that a retry does not deliver twice); 2 for usage errors.
import { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { createRouter } from '../delivery/index.ts';
import { silentLogger } from '../log/index.ts';
import type { MailService } from '../mail/index.ts';
import { dropPrivileges, isRoot, lookupUser, openMailService, routerOptions } from '../server/index.ts';
import { primaryLocalDomain, submitLocal, type LocalOutcome, type RefusedRecipient } from '../smtp/local/index.ts';
import { ExitCodeError, UsageError } from './exit.ts';

/** sysexits.h EX_TEMPFAIL: what sendmail(1) callers (cron, MTAs, scripts) treat as "try again later". */
export const EX_TEMPFAIL = 75;

export interface SendmailArguments {
  dir: string;
  /** `-t`: recipients also from To/Cc/Bcc. */
  extractRecipients: boolean;
  /** `-i`, `-oi`: a line of a single "." is data, not the end of the message. */
  ignoreDots: boolean;
  /** `-f`/`-r`: the envelope sender ('' or '<>' for the null sender). */
  sender: string | undefined;
  recipients: string[];
}

/** Flags without a value; all but -t and -i are accepted and ignored (verbose, "me too", no aliasing, initial submission). */
const FLAGS = new Set(['t', 'i', 'v', 'm', 'n', 'U']);
/** Options with a value (attached, `-fFROM`, or the next argument). */
const WITH_VALUE = new Set(['f', 'r', 'F', 'B', 'N', 'R', 'V', 'o', 'b', 'L']);

export function parseSendmailArguments(args: readonly string[]): SendmailArguments {
  const parsed: SendmailArguments = { dir: '.', extractRecipients: false, ignoreDots: false, sender: undefined, recipients: [] };
  for (let at = 0; at < args.length; at++) {
    const arg = args[at] ?? '';
    const nextValue = (what: string): string => {
      const value = args[++at];
      if (value === undefined) throw new UsageError(`option '${what}' needs a value`);
      return value;
    };
    if (arg === '--') {
      parsed.recipients.push(...args.slice(at + 1));
      break;
    }
    if (arg === '--dir') parsed.dir = nextValue('--dir');
    else if (arg.startsWith('--dir=')) parsed.dir = arg.slice('--dir='.length);
    else if (arg.startsWith('--')) throw new UsageError(`unknown option '${arg}'`);
    else if (!arg.startsWith('-')) parsed.recipients.push(arg);
    else if (arg === '-') throw new UsageError(`unknown option '-'`);
    else {
      for (let i = 1; i < arg.length; i++) {
        const letter = arg.charAt(i);
        if (FLAGS.has(letter)) {
          if (letter === 't') parsed.extractRecipients = true;
          if (letter === 'i') parsed.ignoreDots = true;
          continue;
        }
        if (!WITH_VALUE.has(letter)) throw new UsageError(`unknown option '-${letter}'`);
        const value = i + 1 < arg.length ? arg.slice(i + 1) : nextValue(`-${letter}`);
        applyValue(parsed, letter, value);
        break;
      }
    }
  }
  return parsed;
}

function applyValue(parsed: SendmailArguments, letter: string, value: string): void {
  switch (letter) {
    case 'f':
    case 'r':
      parsed.sender = value;
      return;
    case 'o':
      // -oi is -i; the other sendmail.cf options (-odi, -odb, -oem, -oQ…) do not apply here.
      if (value === 'i') parsed.ignoreDots = true;
      return;
    case 'b':
      if (value !== 'm') throw new UsageError(`-b${value}: only -bm (deliver the message on standard input) is supported`);
      return;
    default:
      // -F full name (a message without From: gets the envelope sender), -B body type, -N/-R/-V DSN
      // parameters, -L syslog label: accepted for compatibility, without effect.
      return;
  }
}

export function sendmailCommand(): Command {
  return new Command('sendmail')
    .description('Deliver one message read on standard input, as sendmail(1) does (for cron, PHP mail(), scripts): a trusted local submission.')
    .usage('[--dir DIR] [-t] [-i] [-f FROM] [RCPT...]')
    .helpOption('--help', 'show this help')
    .argument('[RCPT...]', 'recipients; a name without @ (root) gets the first local domain')
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      'after',
      `
Options (parsed as sendmail parses them):
  --dir DIR      the instance directory (default: the current directory)
  -t             also deliver to the To:, Cc: and Bcc: addresses of the message (Bcc: is removed)
  -i, -oi        a line of a single "." is data; without it, such a line ends the message
  -f FROM        the envelope sender (bounces go there); default: the message's Return-Path:,
                 else From:, else Sender: address. -f '<>' is the null sender
  Accepted and ignored: -F NAME, -B TYPE, -N DSN, -R RET, -V ENVID, -L LABEL, -o* (-odi, -oem, …),
  -bm, -v, -m, -n, -U. Any other option is a usage error.

Exit codes: 0 delivered (durable), 1 refused (the line names the refused recipients), 2 usage error,
75 temporary failure (EX_TEMPFAIL: try again later).

Examples:
  echo "Subject: test" | mailstead sendmail --dir /var/lib/mailstead alice@example.org
  mailstead sendmail --dir /var/lib/mailstead -t -i < message.eml
  printf 'Subject: disk\\n\\nfull\\n' | mailstead sendmail --dir /var/lib/mailstead -f root root
`,
    )
    .action(async (args: string[]) => {
      await sendmail(parseSendmailArguments(args));
    });
}

async function sendmail(args: SendmailArguments): Promise<void> {
  if (!args.extractRecipients && args.recipients.length === 0) throw new UsageError('no recipients: name them as arguments, or use -t to take them from the message');
  const config = loadConfig(args.dir);
  const origin = `sendmail${callerId()}`;
  // Mail files must belong to the server's user, or the running server cannot write next to them.
  if (isRoot() && config.user) dropPrivileges(lookupUser(config.user));

  let mail: MailService;
  try {
    mail = await openMailService(args.dir, silentLogger());
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`cannot open the store in ${args.dir}: ${messageOf(err)} (run as the instance directory's owner, see docs/cli.md)`);
    throw new ExitCodeError(`the store is not available: ${messageOf(err)}`, EX_TEMPFAIL);
  }
  let outcome: LocalOutcome;
  try {
    const logger = silentLogger();
    const router = createRouter({ mail, options: routerOptions(config), logger });
    outcome = await submitLocal(process.stdin, {
      delivery: router,
      hostname: config.hostname,
      origin,
      rules: {
        sender: args.sender,
        recipients: args.recipients,
        recipientsFromHeaders: args.extractRecipients,
        envelopeFields: false,
        localDomain: primaryLocalDomain(await mail.listDomains()),
      },
      limits: { maxMessageSize: config.smtp.max_message_size, maxHeaderSize: config.smtp.max_header_size },
      dotTerminates: !args.ignoreDots,
      logger,
    });
  } catch (err) {
    outcome = { status: 'temporary', sessionId: '', reason: `the store is not available: ${messageOf(err)}`, refused: [] };
  } finally {
    await mail.close();
  }
  switch (outcome.status) {
    case 'delivered':
      if (outcome.refused.length > 0) throw new Error(`delivered to ${outcome.accepted.join(', ')}; refused ${refusedList(outcome.refused)}`);
      return;
    case 'permanent':
      throw new Error(withRefused(outcome.reason, outcome.refused));
    case 'temporary':
      throw new ExitCodeError(withRefused(outcome.reason, outcome.refused), EX_TEMPFAIL);
  }
}

/** The submitting user for the Received line; under sudo the caller, whom sudo names in SUDO_UID. */
function callerId(): string {
  const uid = process.getuid?.();
  if (uid === undefined) return '';
  const sudoUid = process.env.SUDO_UID;
  return `, userid ${uid === 0 && sudoUid !== undefined && /^\d+$/.test(sudoUid) ? sudoUid : uid}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function refusedList(refused: readonly RefusedRecipient[]): string {
  return refused.map((r) => `${r.address} (${r.reason})`).join(', ');
}

function withRefused(reason: string, refused: readonly RefusedRecipient[]): string {
  return refused.length === 0 ? reason : `${reason}: ${refusedList(refused)}`;
}
