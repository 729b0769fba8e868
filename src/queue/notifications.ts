// Sending the queue's delivery status notifications (RFC 3464): a bounce, a delay warning or a
// success report is a new message from the null sender to the original sender, handed to the delivery
// path as a trusted local submission, so it lands in a local mailbox or is queued (and DKIM-signed)
// like any other mail. Never to the null sender (RFC 5321 §4.5.5): `mayNotify` decides first. With
// `postmaster_copy`, the postmaster gets each bounce too, with the original's header only.
import { localClient } from '../delivery/index.ts';
import type { DeliveryTarget } from '../delivery/types.ts';
import type { Logger } from '../log/index.ts';
import type { BlobStore } from '../store/types.ts';
import { buildDsn, mayNotify, type DeliveryStatusNotification, type DsnRecipient } from './dsn.ts';

export interface NotifierOptions {
  delivery: DeliveryTarget;
  blobs: BlobStore;
  hostname: string;
  /** `queue.bounce_size_limit`. */
  returnedSizeLimit: number;
  postmasterCopy: boolean;
  now: () => number;
  logger: Logger;
}

/** The original message a notification is about. */
export interface NotifiedMessage {
  sender: string;
  envid: string | null;
  ret: 'FULL' | 'HDRS' | null;
  receivedAt: number;
  blobHash: string;
}

export type Notifier = (message: NotifiedMessage, recipients: readonly DsnRecipient[]) => Promise<void>;

export function createNotifier(options: NotifierOptions): Notifier {
  return async (message, recipients) => {
    if (!mayNotify(message.sender) || recipients.length === 0) return;
    const dsn = await build(options, message, recipients, message.ret);
    await send(options, dsn, message.sender);
    if (options.postmasterCopy && dsn.kind === 'failure') await send(options, await build(options, message, recipients, 'HDRS'), 'postmaster');
  };
}

function build(options: NotifierOptions, message: NotifiedMessage, recipients: readonly DsnRecipient[], ret: 'FULL' | 'HDRS' | null): Promise<DeliveryStatusNotification> {
  return buildDsn({
    reportingMta: options.hostname,
    sender: message.sender,
    envelopeId: message.envid,
    arrivalDate: new Date(message.receivedAt),
    recipients,
    ret,
    original: options.blobs.open(message.blobHash),
    date: new Date(options.now()),
    returnedSizeLimit: options.returnedSizeLimit,
  });
}

/** Hands the notification to the delivery path; a refusal is logged, never retried (it would loop). */
async function send(options: NotifierOptions, dsn: DeliveryStatusNotification, recipient: string): Promise<void> {
  const tx = await options.delivery.start({ sender: '', declaredSize: dsn.size, client: localClient('queue', options.hostname) });
  const verdict = await tx.addRecipient(recipient);
  if (!verdict.ok) {
    await tx.abort();
    options.logger.warn({ recipient, kind: dsn.kind, verdict: verdict.kind }, 'notification not sent: recipient refused');
    return;
  }
  for (const chunk of dsn.chunks) await tx.writeBody(chunk);
  const outcome = await tx.commit();
  if (outcome.ok) options.logger.info({ recipient, kind: dsn.kind, messageId: outcome.result.messageId, dsnMessageId: dsn.messageId }, 'notification sent');
  else options.logger.warn({ recipient, kind: dsn.kind, verdict: outcome.kind }, 'notification not sent');
}
