// The mail that tells the postmaster a certificate is about to expire (or has): a plain-text message
// from the server itself. Pure: the caller passes the date and the Message-ID.
//
// Output invariants: CRLF line endings, 7-bit ASCII (names are shown as the certificate holds them, in
// A-labels), every line under 998 octets (RFC 5322 §2.1.1); `Auto-Submitted: auto-generated` (RFC 3834
// §5) so auto-responders stay silent, and it travels with the null reverse-path (RFC 5321 §4.5.5).
import { formatRfc5322Date } from '../mime/index.ts';
import { isoDay } from './certificate-checks.ts';

export interface ExpiringCertificate {
  /** `default` for the `[tls]` pair, else the certificate store entry's name. */
  name: string;
  /** The certificate file, relative to the instance directory. */
  file: string;
  subject: string;
  issuer: string;
  /** DNS names. */
  names: readonly string[];
  notAfter: Date;
  fingerprint256: string;
}

export interface ExpiryNoticeInput {
  certificate: ExpiringCertificate;
  /** Whole days left (negative once expired). */
  days: number;
  /** Our hostname: the From domain and where the notice comes from. */
  hostname: string;
  /** The To address (the postmaster). */
  to: string;
  date: Date;
  /** With angle brackets. */
  messageId: string;
}

/** One printable ASCII line: an X.509 name's lines joined by commas, anything else a `?`. */
function ascii(text: string): string {
  return text.replace(/\r?\n/g, ', ').replace(/[^\x20-\x7e]/g, '?');
}

/** What the subject and the first paragraph call the certificate: its first name, else its entry. */
export function certificateLabel(certificate: ExpiringCertificate): string {
  return ascii(certificate.names[0] ?? certificate.name);
}

export function expirySubject(certificate: ExpiringCertificate, days: number, now: number): string {
  const label = certificateLabel(certificate);
  if (certificate.notAfter.getTime() <= now) return `TLS certificate for ${label} has expired`;
  if (days === 0) return `TLS certificate for ${label} expires today`;
  return `TLS certificate for ${label} expires in ${days} day${days === 1 ? '' : 's'}`;
}

export function buildExpiryNotice(input: ExpiryNoticeInput): string {
  const { certificate, days, hostname } = input;
  const now = input.date.getTime();
  const expired = certificate.notAfter.getTime() <= now;
  const when = `${certificate.notAfter.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
  const state = expired ? `expired on ${when}` : days === 0 ? `expires today, ${when}` : `expires on ${when}, in ${days} day${days === 1 ? '' : 's'}`;
  const header = [
    `From: Mailstead on ${ascii(hostname)} <MAILER-DAEMON@${ascii(hostname)}>`,
    `To: ${ascii(input.to)}`,
    `Subject: ${expirySubject(certificate, days, now)}`,
    `Date: ${formatRfc5322Date(input.date)}`,
    `Message-ID: ${input.messageId}`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    'Content-Transfer-Encoding: 7bit',
  ];
  const body = [
    `This is the mail server ${ascii(hostname)}.`,
    '',
    `The TLS certificate "${ascii(certificate.name)}" (${ascii(certificate.file)}) ${state}.`,
    expired
      ? 'Mail clients refuse to connect to this server now, and other servers may refuse to send mail to it.'
      : 'After that, mail clients refuse to connect, and other servers may refuse to send mail to this one.',
    '',
    `  names:        ${certificate.names.length > 0 ? ascii(certificate.names.join(', ')) : '(none)'}`,
    `  subject:      ${ascii(certificate.subject)}`,
    `  issuer:       ${ascii(certificate.issuer)}`,
    `  valid until:  ${isoDay(certificate.notAfter)}`,
    `  SHA-256:      ${certificate.fingerprint256}`,
    '',
    'What to do:',
    '  1. Renew it with your certificate authority (or your ACME client) and install the new',
    '     certificate, with its intermediate certificates, and its key (`mailstead cert import`,',
    '     or replace the files above).',
    '  2. Reload the server (SIGHUP) or restart it.',
    '  3. Run `mailstead cert check` to see the certificate each listener serves now.',
    '',
    'This notice is sent 30, 14, 7 and 1 days before a certificate expires; the server log',
    'repeats the warning every day.',
  ];
  return [...header, '', ...body, ''].join('\r\n');
}
