// The DSN parameters (RFC 3461 §4) as typed values: RET and ENVID of MAIL (§4.3, §4.4), NOTIFY and ORCPT
// of RCPT (§4.1, §4.2), with xtext (§4) and utf-8-addr-xtext (RFC 6533 §3) decoded. Pure: each takes the
// esmtp-value (null when the keyword came without "=value") and returns null when it is malformed.
//
// Invariant: what comes out is safe to store and to write into a report later: ENVID and every
// address type but `utf-8` are printable ASCII (RFC 3461 §4.2, §4.4); a `utf-8` address has no
// control characters.
import type { DsnNotify } from '../../delivery/types.ts';
import { decodeUtf8AddrXtext, decodeXtext } from '../../mime/index.ts';

export type DsnRet = 'FULL' | 'HDRS';

/** RFC 3461 §4.4: an envelope identifier is at most 100 characters. */
export const MAX_ENVID_LENGTH = 100;

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// RFC 3461 §4.2: addr-type = atom (RFC 5322 §3.2.3 atext).
const ADDR_TYPE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const NOTIFY_KEYWORDS: readonly DsnNotify[] = ['NEVER', 'SUCCESS', 'FAILURE', 'DELAY'];

/** RFC 3461 §4.3: ret-value = "FULL" / "HDRS", case-insensitive; returned upper-case. */
export function parseRet(value: string | null): DsnRet | null {
  const upper = value?.toUpperCase();
  return upper === 'FULL' || upper === 'HDRS' ? upper : null;
}

/** RFC 3461 §4.4: ENVID=xtext, decoded: 1 to 100 printable US-ASCII characters. */
export function parseEnvid(value: string | null): string | null {
  if (value === null) return null;
  const envid = decodeXtext(value);
  if (envid === null || envid.length > MAX_ENVID_LENGTH || !PRINTABLE_ASCII.test(envid)) return null;
  return envid;
}

/**
 * RFC 3461 §4.1: NOTIFY="NEVER" / 1#( "SUCCESS" / "FAILURE" / "DELAY" ), case-insensitive; NEVER
 * only alone; a keyword once. Returned upper-case, in the order given.
 */
export function parseNotify(value: string | null): DsnNotify[] | null {
  if (value === null) return null;
  const keywords: DsnNotify[] = [];
  for (const item of value.toUpperCase().split(',')) {
    const keyword = NOTIFY_KEYWORDS.find((known) => known === item);
    if (keyword === undefined || keywords.includes(keyword)) return null;
    keywords.push(keyword);
  }
  if (keywords.includes('NEVER') && keywords.length > 1) return null;
  return keywords;
}

/**
 * RFC 3461 §4.2: ORCPT=addr-type ";" xtext. The address type is returned lower-case (`rfc822`);
 * `utf-8` addresses are utf-8-addr-xtext or, in SMTPUTF8 transactions, utf-8-addr-unitext (RFC 6533
 * §3), any other type xtext that decodes to printable US-ASCII. The address is never empty.
 */
export function parseOrcpt(value: string | null): { type: string; address: string } | null {
  if (value === null) return null;
  const semicolon = value.indexOf(';');
  if (semicolon === -1) return null;
  const type = value.slice(0, semicolon);
  if (!ADDR_TYPE.test(type)) return null;
  const encoded = value.slice(semicolon + 1);
  if (type.toLowerCase() === 'utf-8') {
    const address = decodeUtf8AddrXtext(encoded);
    return address === null || CONTROL.test(address) ? null : { type: 'utf-8', address };
  }
  const address = decodeXtext(encoded);
  return address === null || !PRINTABLE_ASCII.test(address) ? null : { type: type.toLowerCase(), address };
}
