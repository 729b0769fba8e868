// The trace header of a local submission (RFC 5321 §4.4), written ahead of the message:
//
//   Received: by mx.example.test (Mailstead, from pickup) id 4f1c2a9b03;
//   	Tue, 2 Jan 2024 10:00:00 +0000
//
// There is no `from` clause: no SMTP client sent it. This is the form Postfix gives mail from its pickup
// (`by host (Postfix, from userid 0) id …`); the comment names the way in (`pickup`, `sendmail`, with
// the submitting user's id when known). Folded between clauses to stay under 78 columns (RFC 5322 §2.1.1).
import { formatRfc5322Date } from '../../mime/index.ts';
import { foldClauses } from '../received-header.ts';

export interface LocalReceivedFields {
  hostname: string;
  /** How the message came in: `pickup`, `sendmail, userid 1000`. */
  origin: string;
  id: string;
  date: Date;
}

export function localReceivedHeader(fields: LocalReceivedFields): string {
  return foldClauses('Received:', [`by ${fields.hostname}`, `(Mailstead, from ${fields.origin})`, `id ${fields.id};`, formatRfc5322Date(fields.date)]);
}
