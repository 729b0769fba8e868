// The MAIL FROM and RCPT TO command lines of an outbound transaction with their ESMTP parameters:
// SIZE (RFC 1870), BODY=8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531 §3.4), RET/ENVID/NOTIFY/ORCPT (RFC 3461
// §4, values in xtext; ORCPT of a non-ASCII address as utf-8-addr-xtext, RFC 6533 §3).
// Pure functions: what to send is decided here from the message and the server's extensions.
import { utf8AddrXtext, xtext } from '../mime/index.ts';
import type { ServerExtensions } from './smtp-extensions.ts';
import type { OutboundMessage, OutboundRecipient } from './transfer-types.ts';

/** A path must not be able to end the command or the angle brackets early. */
export function isSafePath(address: string): boolean {
  return !/[\u0000-\u001f\u007f<>]/.test(address) && !/\s/.test(address);
}

export function isAscii(text: string): boolean {
  return /^[\u0000-\u007f]*$/.test(text);
}

/** RFC 6531 §3.4: non-ASCII envelope addresses or a UTF-8 header need SMTPUTF8. */
export function needsSmtpUtf8(message: OutboundMessage): boolean {
  return message.smtpUtf8 === true || !isAscii(message.sender) || message.recipients.some((recipient) => !isAscii(recipient.address));
}

export function orcptValue(orcpt: NonNullable<OutboundRecipient['orcpt']>): string {
  const type = orcpt.type.toLowerCase();
  if (type === 'utf-8' || (type === 'rfc822' && !isAscii(orcpt.address))) return `utf-8;${utf8AddrXtext(orcpt.address)}`;
  return `${orcpt.type};${xtext(orcpt.address)}`;
}

export interface TransactionParameters {
  smtpUtf8: boolean;
  eightBitMime: boolean;
  dsn: boolean;
}

/** Which parameters this server gets for this message. */
export function transactionParameters(message: OutboundMessage, extensions: ServerExtensions): TransactionParameters {
  const smtpUtf8 = extensions.smtpUtf8 && needsSmtpUtf8(message);
  // A UTF-8 header is 8-bit content too (RFC 6532 §3.2), declared with BODY=8BITMIME.
  const eightBit = message.eightBit === true || smtpUtf8;
  return { smtpUtf8, eightBitMime: eightBit && extensions.eightBitMime, dsn: extensions.dsn };
}

export function mailFromLine(message: OutboundMessage, extensions: ServerExtensions, params: TransactionParameters): string {
  const args: string[] = [];
  if (extensions.size !== null && message.size !== undefined && message.size > 0) args.push(`SIZE=${message.size}`);
  if (params.eightBitMime) args.push('BODY=8BITMIME');
  if (params.smtpUtf8) args.push('SMTPUTF8');
  if (params.dsn && message.ret) args.push(`RET=${message.ret}`);
  if (params.dsn && message.envid !== undefined && message.envid !== '') args.push(`ENVID=${xtext(message.envid)}`);
  return [`MAIL FROM:<${message.sender}>`, ...args].join(' ');
}

export function rcptToLine(recipient: OutboundRecipient, params: TransactionParameters): string {
  const args: string[] = [];
  if (params.dsn && recipient.notify && recipient.notify.length > 0) args.push(`NOTIFY=${recipient.notify.join(',')}`);
  if (params.dsn && recipient.orcpt) args.push(`ORCPT=${orcptValue(recipient.orcpt)}`);
  return [`RCPT TO:<${recipient.address}>`, ...args].join(' ');
}
