// Every way route resolution can fail, named, with its reply and enhanced status codes (RFC 3463).
// A failure the recipient's domain causes is permanent; one our own configuration or the DNS causes
// right now is temporary, so the message waits in the queue until it is fixed or expires.
import type { RouteFailure } from './types.ts';

const permanent = (code: number, enhanced: string, text: string): RouteFailure => ({ kind: 'permanent', code, enhanced, text });
const temporary = (code: number, enhanced: string, text: string): RouteFailure => ({ kind: 'temporary', code, enhanced, text });

function withNotes(text: string, notes: readonly string[]): string {
  return notes.length > 0 ? `${text} (${notes.join('; ')})` : text;
}

/** The domain part is not a host name or address literal (RFC 5321 §4.1.2). X.1.2: bad destination system. */
export const badDomain = (domain: string): RouteFailure => permanent(550, '5.1.2', `Bad destination domain ${JSON.stringify(domain)}`);

/** NXDOMAIN for the recipient domain: X.1.2, the destination system does not exist. */
export const noSuchDomain = (domain: string): RouteFailure => permanent(550, '5.1.2', `Domain ${domain} does not exist`);

/** RFC 7505 §3: a null MX says the domain accepts no mail; 556 and X.1.10 are the codes RFC 7505 registers. */
export const nullMx = (domain: string): RouteFailure => permanent(556, '5.1.10', `Domain ${domain} does not accept mail (null MX)`);

/** RFC 5321 §5.1: MX records (or the implicit MX) exist but none is usable. X.4.4: unable to route. */
export const noUsableHost = (domain: string, notes: readonly string[]): RouteFailure =>
  permanent(550, '5.4.4', withNotes(`No usable mail exchanger for ${domain}`, notes));

/** RFC 5321 §5.1: we are the best MX left. X.4.6: routing loop detected (Postfix's words). */
export const loopsBack = (domain: string): RouteFailure => permanent(554, '5.4.6', `mail for ${domain} loops back to myself`);

/** The DNS gave no definite answer (SERVFAIL, timeout, …). X.4.3: directory server failure. */
export const dnsTemporary = (name: string, notes: readonly string[]): RouteFailure =>
  temporary(451, '4.4.3', withNotes(`DNS lookup for ${name} failed temporarily`, notes));

/** A configured route or smart host cannot be resolved to a host. X.3.5: system incorrectly configured. */
export const hopUnusable = (host: string, why: string): RouteFailure => temporary(451, '4.3.5', `Route host ${host} ${why}`);
