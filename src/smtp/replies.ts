// Every reply the SMTP server sends, named. The public text stays short; the cause of a refusal goes
// to the log. Enhanced codes follow RFC 3463 and the IANA registry (RFC 5248).
import type { RejectKind } from '../delivery/types.ts';
import { smtpReply, type SmtpReply } from './wire/reply.ts';

export type { SmtpReply } from './wire/reply.ts';

// Greeting and session (RFC 5321 §4.2, §3.1, §3.8).
export const greeting = (hostname: string): SmtpReply => smtpReply(220, null, `${hostname} ESMTP Mailstead`);
export const heloOk = (hostname: string): SmtpReply => smtpReply(250, null, hostname);
export const ehloOk = (hostname: string, extensions: readonly string[]): SmtpReply =>
  smtpReply(250, null, hostname, ...extensions);
export const ok = smtpReply(250, '2.0.0', 'Ok');
export const bye = smtpReply(221, '2.0.0', 'Bye');
export const help = smtpReply(214, '2.0.0', 'See RFC 5321');
// RFC 5321 §3.5.3: 252 for a server that will not disclose whether a mailbox exists.
export const cannotVerify = smtpReply(252, '2.5.2', 'Cannot VRFY user, but will accept message and attempt delivery');

// Transaction (RFC 5321 §4.1.1.2–4.1.1.4, RFC 3030 §2).
export const senderOk = smtpReply(250, '2.1.0', 'Ok');
export const recipientOk = smtpReply(250, '2.1.5', 'Ok');
export const startData = smtpReply(354, null, 'End data with <CR><LF>.<CR><LF>');
export const queued = (messageId: number): SmtpReply => smtpReply(250, '2.0.0', `Ok: queued as ${messageId}`);
export const chunkReceived = (octets: number): SmtpReply => smtpReply(250, '2.0.0', `${octets} octets received`);

// Syntax and sequence (RFC 5321 §4.2.2, §4.2.4); these count towards `max_errors`.
export const unknownCommand = smtpReply(500, '5.5.2', 'Command unrecognized');
export const invalidCharacters = smtpReply(500, '5.5.2', 'Invalid characters in command');
export const lineTooLong = smtpReply(500, '5.5.6', 'Line too long');
export const ehloSyntax = smtpReply(501, '5.5.4', 'Syntax: EHLO hostname');
export const heloSyntax = smtpReply(501, '5.5.4', 'Syntax: HELO hostname');
export const mailSyntax = smtpReply(501, '5.5.4', 'Syntax: MAIL FROM:<address>');
export const rcptSyntax = smtpReply(501, '5.5.4', 'Syntax: RCPT TO:<address>');
export const noArguments = smtpReply(501, '5.5.4', 'No parameters allowed');
export const vrfySyntax = smtpReply(501, '5.5.4', 'Syntax: VRFY address');
export const bdatSyntax = smtpReply(501, '5.5.4', 'Syntax: BDAT size [LAST]');
export const parameterSyntax = smtpReply(501, '5.5.4', 'Syntax error in parameters');
// RFC 3461 §4.1–4.4: a malformed DSN parameter, named as Postfix names it.
export const notifySyntax = smtpReply(501, '5.5.4', 'Bad NOTIFY parameter syntax');
export const orcptSyntax = smtpReply(501, '5.5.4', 'Bad ORCPT parameter syntax');
export const retSyntax = smtpReply(501, '5.5.4', 'Bad RET parameter syntax');
export const envidSyntax = smtpReply(501, '5.5.4', 'Bad ENVID parameter syntax');
export const senderSyntax = smtpReply(501, '5.1.7', 'Bad sender address syntax');
export const recipientSyntax = smtpReply(501, '5.1.3', 'Bad recipient address syntax');
export const notImplemented = smtpReply(502, '5.5.1', 'Command not implemented');
export const startTlsUnavailable = smtpReply(502, '5.5.1', 'STARTTLS not available');
export const needHelo = smtpReply(503, '5.5.1', 'Send HELO/EHLO first');
export const needMail = smtpReply(503, '5.5.1', 'Need MAIL command');
export const needRecipient = smtpReply(503, '5.5.1', 'Need RCPT command');
export const nestedMail = smtpReply(503, '5.5.1', 'Nested MAIL command');
export const badSequence = smtpReply(503, '5.5.1', 'Bad sequence of commands');
export const tlsActive = smtpReply(503, '5.5.1', 'TLS already active');
// RFC 5321 §4.1.1.11: a MAIL or RCPT parameter the server does not know.
export const unknownParameter = smtpReply(555, '5.5.4', 'Unsupported parameter');
// RFC 5321 §3.3: DATA after every RCPT was refused.
export const noValidRecipients = smtpReply(554, '5.5.1', 'No valid recipients');

// Policy and limits.
// RFC 3207 §4: the listener demands TLS before mail commands.
export const mustStartTls = smtpReply(530, '5.7.0', 'Must issue a STARTTLS command first');
export const readyToStartTls = smtpReply(220, '2.0.0', 'Ready to start TLS');
// RFC 3207 §4: TLS temporarily unavailable (no certificate loaded).
export const tlsNotAvailable = smtpReply(454, '4.7.0', 'TLS not available due to temporary reason');
// RFC 1870 §6.1 (SIZE= at MAIL) and RFC 5321 §4.5.3.1.10 (while reading data).
export const messageTooBig = smtpReply(552, '5.3.4', 'Message too big');
// RFC 6531 §3.5: a non-ASCII address in a transaction that did not declare SMTPUTF8.
export const nonAsciiAddress = smtpReply(553, '5.6.7', 'Non-ASCII addresses require SMTPUTF8');
// RFC 5321 §4.5.3.1.10: the 452 a client retries in a later transaction.
export const tooManyRecipients = smtpReply(452, '4.5.3', 'Too many recipients');
export const temporaryFailure = smtpReply(451, '4.3.0', 'Temporary failure, try again later');

// AUTH (RFC 4954 §4, §6) on submission listeners (RFC 6409).
export const authChallenge = (challenge: string): SmtpReply => smtpReply(334, null, Buffer.from(challenge, 'utf8').toString('base64'));
export const authenticated = smtpReply(235, '2.7.0', 'Authentication successful');
export const authFailed = smtpReply(535, '5.7.8', 'Authentication credentials invalid');
export const authRequired = smtpReply(530, '5.7.0', 'Authentication required');
export const authCancelled = smtpReply(501, '5.7.0', 'Authentication aborted');
export const authNotBase64 = smtpReply(501, '5.5.2', 'Cannot decode response');
export const authMalformed = smtpReply(501, '5.5.2', 'Malformed PLAIN response');
export const authSyntax = smtpReply(501, '5.5.4', 'Syntax: AUTH mechanism [initial-response]');
export const authMechanismUnknown = smtpReply(504, '5.5.4', 'Unrecognized authentication type');
export const alreadyAuthenticated = smtpReply(503, '5.5.1', 'Already authenticated');
export const authInTransaction = smtpReply(503, '5.5.1', 'AUTH not permitted during a mail transaction');
export const authUnavailable = smtpReply(502, '5.5.1', 'AUTH not available on this port');
// RFC 4954 §4: the mechanism needs TLS on this listener first.
export const authNeedsTls = smtpReply(538, '5.7.11', 'Encryption required for requested authentication mechanism');
export const authLineTooLong = smtpReply(500, '5.5.6', 'Authentication exchange line is too long');

// Closing the connection (RFC 5321 §3.8: 421 and close).
export const tooManyErrors = smtpReply(421, '4.7.0', 'Too many errors');
export const tooManyCommands = smtpReply(421, '4.7.0', 'Too many commands');
export const tooManyConnections = smtpReply(421, '4.7.0', 'Too many connections');
export const timeout = (hostname: string): SmtpReply => smtpReply(421, '4.4.2', `${hostname} Error: timeout exceeded`);
export const shuttingDown = (hostname: string): SmtpReply => smtpReply(421, '4.3.2', `${hostname} Service shutting down`);
// An HTTP request sent to the SMTP port, as Postfix's smtpd_forbidden_commands answers it.
export const protocolViolation = smtpReply(221, '2.7.0', 'Error: protocol violation');

/** The reply for each delivery verdict (src/delivery/types.ts). */
export const rejection: Readonly<Record<RejectKind, SmtpReply>> = {
  'unknown-recipient': smtpReply(550, '5.1.1', 'User unknown'),
  'relay-denied': smtpReply(554, '5.7.1', 'Relay access denied'),
  'over-quota': smtpReply(452, '4.2.2', 'Mailbox full'),
  'alias-loop': smtpReply(550, '5.4.6', 'Alias expansion loop'),
  'too-many-hops': smtpReply(554, '5.4.6', 'Too many hops'),
  'header-too-large': smtpReply(552, '5.3.4', 'Header too large'),
  'message-too-large': messageTooBig,
  // RFC 6409 §6.1 and RFC 5321 §7.1: an authenticated client may use only its own addresses.
  'sender-not-owned': smtpReply(553, '5.7.1', 'Sender address rejected: not owned by user'),
  'from-not-owned': smtpReply(553, '5.7.1', 'From: header address not owned by user'),
  'temporary-failure': temporaryFailure,
};

/** The reply to a refused MAIL, naming the address as Postfix does. */
export function senderRefused(kind: RejectKind, address: string): SmtpReply {
  const reply = rejection[kind];
  return kind === 'sender-not-owned' ? smtpReply(reply.code, reply.enhanced, `<${address}>: ${reply.lines[0]}`) : reply;
}

/**
 * The reply to a refused RCPT: the verdict's codes, naming the address as Postfix does
 * ("<a@b.example>: Recipient address rejected: User unknown"), so a client that sent many
 * recipients in one pipelined group can tell which one was refused.
 */
export function recipientRefused(kind: RejectKind, address: string): SmtpReply {
  const reply = rejection[kind];
  const text = kind === 'relay-denied' ? reply.lines[0] : `Recipient address rejected: ${reply.lines[0]}`;
  return smtpReply(reply.code, reply.enhanced, `<${address}>: ${text}`);
}

/**
 * Replies that count towards `max_errors`: the syntax and sequence errors of RFC 5321 §4.2.2
 * (500–504), unknown parameters (555) and failed AUTH (535: password guessing ends with 421 after
 * `max_errors` tries, on top of `auth_failure_delay`). Refused recipients and policy replies do not count.
 */
export function isProtocolError(reply: SmtpReply): boolean {
  return (reply.code >= 500 && reply.code <= 504) || reply.code === 555 || reply === authFailed;
}
