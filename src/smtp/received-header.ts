// Our trace header (RFC 5321 §4.4), written ahead of every message we accept:
//
//   Received: from client.example ([192.0.2.1])
//   	(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)
//   	by mx.example.test (Mailstead) with ESMTPS id 4f1c2a9b03-1
//   	for <user@example.test>; Tue, 2 Jan 2024 10:00:00 +0000
//
// `with` is the RFC 3848 / RFC 6531 §3.7.3 transmission type; the TLS comment is Postfix's; `for` only
// names a single recipient, so a message to several does not reveal the others. Folded between
// clauses to stay under 78 columns (RFC 5322 §2.1.1).
import { isIPv6 } from 'node:net';
import { formatRfc5322Date } from '../mime/index.ts';
import type { TlsInfo } from '../tls/index.ts';

export interface ReceivedFields {
  /** HELO/EHLO argument as given. */
  helo: string;
  esmtp: boolean;
  /** Client IP address (IPv4-mapped forms already unwrapped). */
  address: string;
  hostname: string;
  tls: TlsInfo | null;
  authenticated: boolean;
  smtputf8: boolean;
  id: string;
  recipients: readonly string[];
  date: Date;
}

const MAX_COLUMNS = 78;
const MAX_HELO = 255;

export function receivedHeader(fields: ReceivedFields): string {
  const literal = isIPv6(fields.address) ? `[IPv6:${fields.address}]` : `[${fields.address}]`;
  const clauses = [`from ${sanitiseHelo(fields.helo)} (${literal})`];
  if (fields.tls) clauses.push(`(using ${fields.tls.protocol} with cipher ${fields.tls.cipher})`);
  clauses.push(`by ${fields.hostname} (Mailstead)`, `with ${transmissionType(fields)}`, `id ${fields.id}`);
  const only = fields.recipients.length === 1 ? fields.recipients[0] : undefined;
  if (only !== undefined) clauses.push(`for <${only}>;`);
  else clauses[clauses.length - 1] += ';';
  clauses.push(formatRfc5322Date(fields.date));
  return foldClauses('Received:', clauses);
}

/** RFC 3848 and RFC 6531 §3.7.3: [UTF8]SMTP / ESMTP, S with TLS, A with AUTH. HELO is plain SMTP. */
export function transmissionType(fields: Pick<ReceivedFields, 'esmtp' | 'tls' | 'authenticated' | 'smtputf8'>): string {
  if (!fields.esmtp) return 'SMTP';
  const suffix = `${fields.tls ? 'S' : ''}${fields.authenticated ? 'A' : ''}`;
  return fields.smtputf8 ? `UTF8SMTP${suffix}` : `ESMTP${suffix}`;
}

/**
 * The HELO name is whatever the client sent: anything outside printable ASCII, and the characters
 * that would end the clause or the comment, become "?" (as Postfix prints it), and it is cut at 255.
 */
function sanitiseHelo(helo: string): string {
  return helo.slice(0, MAX_HELO).replace(/[^\x21-\x7e]|[()\\;]/gu, '?');
}

/** Joins clauses with a space while the line stays under MAX_COLUMNS, else folds with CRLF TAB; the first clause stays on the field's line. */
export function foldClauses(name: string, clauses: readonly string[]): string {
  let out = name;
  let column = name.length;
  for (const clause of clauses) {
    if (column + 1 + clause.length < MAX_COLUMNS || column === name.length) {
      out += ` ${clause}`;
      column += 1 + clause.length;
    } else {
      out += `\r\n\t${clause}`;
      column = 1 + clause.length;
    }
  }
  return `${out}\r\n`;
}
