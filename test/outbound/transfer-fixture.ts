// Shared set-up of the outbound SMTP transfer tests: a transfer with short timeouts whose log lines are
// captured (at trace level, so tests can prove no body or password is logged), messages and destinations.
import type { TestContext } from 'node:test';
import { Readable } from 'node:stream';
import { createLogger } from '../../src/log/index.ts';
import { createSmtpTransfer, type SmtpTransfer } from '../../src/outbound/smtp-transfer.ts';
import type { TransferOptions, TransferTimeouts } from '../../src/outbound/transfer-options.ts';
import type { OutboundMessage, OutboundRecipient, TransferDestination } from '../../src/outbound/transfer-types.ts';

export const MX_HOST = 'mx.remote.test';
export const EHLO_NAME = 'mailstead.test';

export const SHORT_TIMEOUTS: TransferTimeouts = {
  connectMs: 2000,
  greetingMs: 2000,
  commandMs: 2000,
  dataStartMs: 2000,
  dataBlockMs: 2000,
  dataEndMs: 2000,
};

export interface TransferHarness {
  transfer: SmtpTransfer;
  /** Parsed log lines, trace level included. */
  logs: Array<Record<string, unknown>>;
  /** Every log line as written. */
  logText(): string;
}

export function transferFor(t: TestContext, overrides: Partial<TransferOptions> = {}): TransferHarness {
  const lines: string[] = [];
  const logger = createLogger('trace', {
    write(line: string) {
      lines.push(line);
    },
  });
  const transfer = createSmtpTransfer({ ehloName: EHLO_NAME, timeouts: SHORT_TIMEOUTS, logger, ...overrides });
  t.after(() => transfer.close());
  return {
    transfer,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    logText: () => lines.join(''),
  };
}

export const BODY = 'From: <sender@local.test>\r\nTo: <a@remote.test>\r\nSubject: test\r\n\r\nHello.\r\n.leading dot\r\n';

export function message(recipients: ReadonlyArray<string | OutboundRecipient>, overrides: Partial<OutboundMessage> & { body?: string } = {}): OutboundMessage {
  const { body = BODY, ...rest } = overrides;
  const bytes = Buffer.from(body, 'utf8');
  return {
    id: 'msg-1',
    sender: 'sender@local.test',
    recipients: recipients.map((recipient) => (typeof recipient === 'string' ? { address: recipient } : recipient)),
    size: bytes.length,
    open: () => Readable.from([bytes]),
    ...rest,
  };
}

/** One MX candidate on 127.0.0.1 at `port`, opportunistic TLS unless overridden. */
export function destination(port: number, overrides: Partial<TransferDestination> = {}): TransferDestination {
  return { key: 'remote.test', candidates: [{ host: MX_HOST, port, addresses: ['127.0.0.1'] }], ...overrides };
}
