// How replies and local failures become per-recipient outcomes. One rule, maddy's: a 2xx delivers, a
// 5xx is permanent, everything else (4xx, odd codes, timeouts, lost connections, anything unknown) is
// temporary, so mail is retried rather than bounced when in doubt. Status codes follow RFC 3463.
import type { ClientReply } from './smtp-reply.ts';
import { formatReply } from './smtp-reply.ts';
import type { RecipientOutcome, RecipientResult, RemoteReply, SmtpStep } from './transfer-types.ts';

export interface ServerIdentity {
  host: string;
  address: string;
  port: number;
}

export function outcomeOf(code: number): RecipientOutcome {
  if (code >= 200 && code < 300) return 'delivered';
  if (code >= 500 && code < 600) return 'permanent';
  return 'temporary';
}

/** The reply's enhanced code, else X.0.0 of its class (RFC 3463 §3.1); codes outside 2/4/5 count as 4.0.0. */
export function statusOf(reply: ClientReply): string {
  if (reply.enhanced) return reply.enhanced;
  const outcome = outcomeOf(reply.code);
  return outcome === 'delivered' ? '2.0.0' : outcome === 'permanent' ? '5.0.0' : '4.0.0';
}

/** The same status as a temporary one: "5.7.8" → "4.7.8" (Postfix's soft bounce of session failures). */
export function softened(status: string): string {
  return status.startsWith('5.') ? `4.${status.slice(2)}` : status;
}

/**
 * "Too many recipients" (RFC 5321 §4.5.3.1.10): 452, or 552 that old servers still send, with x.5.3 or,
 * without an enhanced code, the words. Always temporary: the recipient fits in another transaction.
 */
export function isTooManyRecipients(reply: ClientReply): boolean {
  if (reply.code !== 452 && reply.code !== 552) return false;
  if (reply.enhanced) return reply.enhanced.endsWith('.5.3');
  return /too many recipients/i.test(reply.lines.join(' '));
}

export function remoteReply(reply: ClientReply, server: ServerIdentity, step: SmtpStep): RemoteReply {
  return { code: reply.code, enhanced: reply.enhanced, text: reply.lines.join('\n'), host: server.host, address: server.address, step };
}

/** Postfix's wording, which administrators grep for: "host mx[192.0.2.1] said: 550 5.1.1 … (in reply to RCPT TO command)". */
export function saidDetail(reply: ClientReply, server: ServerIdentity, step: SmtpStep): string {
  return `host ${describeServer(server)} said: ${formatReply(reply)} (in reply to ${step === 'greeting' ? 'the greeting' : `${step} command`})`;
}

export function describeServer(server: ServerIdentity): string {
  return `${server.host}[${server.address}]:${server.port}`;
}

/** The result a reply gives a recipient. */
export function fromReply(address: string, reply: ClientReply, server: ServerIdentity, step: SmtpStep): RecipientResult {
  return {
    address,
    outcome: outcomeOf(reply.code),
    status: statusOf(reply),
    reply: remoteReply(reply, server, step),
    detail: saidDetail(reply, server, step),
  };
}

/** A recipient the server answered "too many recipients" for: temporary whatever the class. */
export function tooMany(address: string, reply: ClientReply, server: ServerIdentity): RecipientResult {
  return { ...fromReply(address, reply, server, 'RCPT TO'), outcome: 'temporary', status: '4.5.3' };
}

/** A result no server reply decided: a local cause (connection, TLS, SMTPUTF8, size…). */
export function localResult(address: string, outcome: RecipientOutcome, status: string, detail: string, reply: RemoteReply | null = null): RecipientResult {
  return { address, outcome, status, reply, detail };
}
