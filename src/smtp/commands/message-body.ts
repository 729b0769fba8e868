// Steps DATA and BDAT share: refusing a transaction without accepted recipients, and writing our
// Received header ahead of the message.
import * as replies from '../replies.ts';
import type { SmtpReply } from '../wire/reply.ts';
import { receivedHeader } from '../received-header.ts';
import type { Greeting } from '../session-state.ts';
import type { MailTransaction } from '../transaction.ts';
import type { CommandContext } from './command.ts';

/** RFC 5321 §3.3: no RCPT at all is out of sequence (503); every RCPT refused is 554. */
export function refusalWithoutRecipients(tx: MailTransaction): SmtpReply | null {
  if (tx.recipients.length > 0) return null;
  return tx.recipientAttempts === 0 ? replies.needRecipient : replies.noValidRecipients;
}

export async function writeReceivedHeader(ctx: CommandContext, greeting: Greeting, tx: MailTransaction): Promise<void> {
  const client = tx.envelope.client;
  const header = receivedHeader({
    helo: greeting.name,
    esmtp: greeting.esmtp,
    address: client.address,
    hostname: ctx.hostname,
    tls: client.tls,
    authenticated: client.authenticatedAs !== null,
    smtputf8: tx.smtputf8,
    id: tx.id,
    recipients: tx.recipients,
    date: ctx.clock(),
  });
  await tx.writeTraceHeader(header);
}
