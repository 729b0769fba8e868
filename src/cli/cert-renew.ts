// `mailstead cert renew [HOST]`: renew the ACME certificate now. The running server does the work —
// only it can answer the CA's challenges on ports 80/443 — so this records a request in the store
// (src/tls/acme/renew-requests.ts), waits for the server to claim it (it polls every few seconds) and
// then for the outcome, printing progress meanwhile. No claim in time means no server is running
// with `[acme]` enabled: the request is withdrawn and the command fails (exit 1).
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import { loadConfig } from '../config/index.ts';
import type { MailService } from '../mail/index.ts';
import { abandonRenewRequest, acmeSettings, DEFAULT_POLL_INTERVAL_MS, findClaim, findRenewOutcome, submitRenewRequest, type RenewOutcome } from '../tls/acme/index.ts';
import { dirOption, parseDurationArgument, type DirOptions } from './arguments.ts';
import { withMailService } from './instance.ts';
import { printLine } from './output.ts';

/** How long a running server may take to claim the request: a few of its polls. */
export const CLAIM_WAIT_MS = 5 * DEFAULT_POLL_INTERVAL_MS;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const CHECK_EVERY_MS = 500;
const PROGRESS_EVERY_MS = 15_000;

interface RenewOptions extends DirOptions {
  timeout: number;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

/** Waits until a server has claimed request `number`; throws when none did in time. */
async function awaitClaim(mail: MailService, number: number): Promise<void> {
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    if ((await findClaim(mail, number)) === 'server') return;
    if (Date.now() >= deadline && (await abandonRenewRequest(mail, number, Date.now()))) {
      throw new Error(`no running server took the request within ${seconds(CLAIM_WAIT_MS)}: start \`mailstead serve\` on this instance (with [acme] enabled); it renews at start when the certificate is due`);
    }
    await sleep(CHECK_EVERY_MS);
  }
}

async function awaitOutcome(mail: MailService, number: number, started: number, timeoutMs: number): Promise<RenewOutcome> {
  let nextProgress = started + PROGRESS_EVERY_MS;
  for (;;) {
    const outcome = await findRenewOutcome(mail, number);
    if (outcome !== undefined) return outcome;
    const now = Date.now();
    if (now - started >= timeoutMs) throw new Error(`no outcome after ${seconds(timeoutMs)}; the server carries on and logs the result ("certificate issued" or "certificate request failed")`);
    if (now >= nextProgress) {
      printLine(`still waiting for the CA (${seconds(now - started)})`);
      nextProgress += PROGRESS_EVERY_MS;
    }
    await sleep(CHECK_EVERY_MS);
  }
}

export function certRenewCommand(): Command {
  return new Command('renew')
    .description('Renew the ACME certificate now, through the running server (which answers the CA\'s challenges on ports 80/443), and wait for the outcome.')
    .argument('[HOST]', 'one of the [acme] hostnames (default: the certificate of all of them; it is one certificate either way)')
    .addOption(new Option('--timeout <DURATION>', 'how long to wait for the outcome').argParser(parseDurationArgument).default(DEFAULT_TIMEOUT_MS, '5m'))
    .addOption(dirOption())
    .addHelpText(
      'after',
      `\nNeeds a running \`mailstead serve\` on the same instance with [acme] enabled; without one it fails after ${seconds(CLAIM_WAIT_MS)} (exit 1).\nExit 0 when the new certificate is stored (and in use for new connections), 1 when the CA refused or no server answered.\n\nExamples:\n  mailstead cert renew --dir /var/lib/mailstead\n  mailstead cert renew mail.example.org --dir /var/lib/mailstead\n`,
    )
    .action(async (host: string | undefined, opts: RenewOptions) => {
      const settings = acmeSettings(loadConfig(opts.dir));
      if (settings === undefined) throw new Error('ACME is not enabled in mailstead.toml (set [acme] enabled = true and email)');
      const name = host?.toLowerCase() ?? null;
      if (name !== null && !settings.hostnames.includes(name)) throw new Error(`${host} is not one of the [acme] hostnames (${settings.hostnames.join(', ')})`);
      const outcome = await withMailService(opts.dir, async (mail) => {
        const started = Date.now();
        const number = await submitRenewRequest(mail, name, started);
        printLine(`renewal request ${number} recorded for ${settings.hostnames.join(', ')}; waiting for the running server`);
        await awaitClaim(mail, number);
        printLine(`the server is renewing the certificate with ${settings.directoryUrl}`);
        return awaitOutcome(mail, number, started, opts.timeout);
      });
      if (!outcome.ok) throw new Error(`renewal failed: ${outcome.detail}`);
      printLine(`renewed: ${outcome.detail}`);
    });
}
