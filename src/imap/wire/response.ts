// Server responses (RFC 9051 §7): status responses (tagged or untagged OK/NO/BAD, PREAUTH, BYE) with
// their response codes (RFC 9051 §7.1, RFC 5530, UIDPLUS RFC 4315 §3, CONDSTORE RFC 7162 §3.1.2 ff.,
// APPENDLIMIT RFC 7889, OBJECTID RFC 8474, QUOTA RFC 9208, SEARCH RFC 9051 BADCHARSET), continuation
// requests and untagged data lines. Free text never carries CR or LF, so it cannot end a line early.

import { formatAstring, formatList } from './strings.ts';
import { formatOrderedSequenceSet, formatSequenceSet } from './sequence-set.ts';

/** Codes without arguments (RFC 9051 §7.1, RFC 5530 §3, RFC 4315 §3, RFC 7162, RFC 9208 §4.3, RFC 6154 §3). */
export type PlainResponseCode =
  | 'ALERT' | 'ALREADYEXISTS' | 'AUTHENTICATIONFAILED' | 'AUTHORIZATIONFAILED' | 'CANNOT' | 'CLIENTBUG'
  | 'CLOSED' | 'COMPRESSIONACTIVE' | 'CONTACTADMIN' | 'CORRUPTION' | 'EXPIRED' | 'EXPUNGEISSUED'
  | 'HASCHILDREN' | 'INUSE' | 'LIMIT' | 'NOMODSEQ' | 'NONEXISTENT' | 'NOPERM' | 'NOTSAVED' | 'OVERQUOTA'
  | 'PARSE' | 'PRIVACYREQUIRED' | 'READ-ONLY' | 'READ-WRITE' | 'SERVERBUG' | 'TOOBIG' | 'TRYCREATE'
  | 'UIDNOTSTICKY' | 'UNAVAILABLE' | 'UNKNOWN-CTE' | 'USEATTR';

export type ResponseCode =
  | { readonly name: PlainResponseCode }
  | { readonly name: 'UIDNEXT' | 'UIDVALIDITY' | 'UNSEEN' | 'HIGHESTMODSEQ' | 'APPENDLIMIT'; readonly value: number }
  | { readonly name: 'APPENDUID'; readonly uidValidity: number; readonly uids: readonly number[] }
  /** Source and destination UIDs pair up by position (RFC 4315 §3). */
  | { readonly name: 'COPYUID'; readonly uidValidity: number; readonly source: readonly number[]; readonly destination: readonly number[] }
  | { readonly name: 'CAPABILITY'; readonly capabilities: readonly string[] }
  | { readonly name: 'PERMANENTFLAGS'; readonly flags: readonly string[] }
  | { readonly name: 'BADCHARSET'; readonly charsets: readonly string[] }
  /** Messages a conditional STORE did not change (RFC 7162 §3.1.3). */
  | { readonly name: 'MODIFIED'; readonly numbers: readonly number[] }
  | { readonly name: 'MAILBOXID'; readonly id: string };

export type ResponseStatus = 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';

export interface StatusResponse {
  /** A command's tag, or null for an untagged (`*`) response. */
  readonly tag: string | null;
  readonly status: ResponseStatus;
  readonly code: ResponseCode | null;
  readonly text: string;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}

export function formatResponseCode(code: ResponseCode): string {
  switch (code.name) {
    case 'UIDNEXT':
    case 'UIDVALIDITY':
    case 'UNSEEN':
    case 'HIGHESTMODSEQ':
    case 'APPENDLIMIT':
      return `${code.name} ${code.value}`;
    case 'APPENDUID':
      return `APPENDUID ${code.uidValidity} ${formatOrderedSequenceSet(code.uids)}`;
    case 'COPYUID':
      return `COPYUID ${code.uidValidity} ${formatOrderedSequenceSet(code.source)} ${formatOrderedSequenceSet(code.destination)}`;
    case 'CAPABILITY':
      return `CAPABILITY ${code.capabilities.join(' ')}`;
    case 'PERMANENTFLAGS':
      return `PERMANENTFLAGS ${formatList(code.flags)}`;
    case 'BADCHARSET':
      return code.charsets.length === 0 ? 'BADCHARSET' : `BADCHARSET ${formatList(code.charsets.map((charset) => formatAstring(charset, false)))}`;
    case 'MODIFIED':
      return `MODIFIED ${formatSequenceSet(code.numbers)}`;
    case 'MAILBOXID':
      return `MAILBOXID (${code.id})`;
    default:
      return code.name;
  }
}

/** `tag OK [CODE] text` / `* BYE text`; resp-text needs some text, so an empty one becomes the status. */
export function formatStatusResponse(response: StatusResponse): string {
  const code = response.code === null ? '' : `[${formatResponseCode(response.code)}] `;
  const text = oneLine(response.text) || response.status;
  return `${response.tag ?? '*'} ${response.status} ${code}${text}\r\n`;
}

/** `+ text` (RFC 9051 §7.5): `+ Ready` for a literal, `+ <base64>` for a SASL challenge. */
export function formatContinuation(text: string): string {
  return `+ ${oneLine(text)}\r\n`;
}

/** `* ` and already formatted response data (`3 EXISTS`, `CAPABILITY IMAP4rev2 …`, `LIST (…) "/" INBOX`). */
export function formatUntagged(data: string): string {
  return `* ${data}\r\n`;
}
