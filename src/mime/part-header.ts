// What one MIME entity's header section says about it, with the defaults of RFC 2045 §5.2 (no or a
// malformed Content-Type: text/plain; charset=us-ascii), RFC 2046 §4.1.2 (a text part without charset is
// us-ascii, reported explicitly as IMAP servers do) and RFC 2046 §5.1.5 (in a multipart/digest a part
// without Content-Type is message/rfc822). A field given twice counts once: the first one.
import { parseContentDisposition, parseContentLanguage, parseContentType, parseTransferEncoding } from './content-fields.ts';
import { firstFieldValue, type HeaderField } from './header-scanner.ts';
import type { BodyPart } from './types.ts';

/** The part fields that come from its header section. */
export type PartHeader = Pick<BodyPart, 'type' | 'subtype' | 'params' | 'id' | 'description' | 'encoding' | 'md5' | 'disposition' | 'language' | 'location'>;

export type DefaultType = 'text/plain' | 'message/rfc822';

function contentType(fields: readonly HeaderField[], defaultType: DefaultType): Pick<PartHeader, 'type' | 'subtype' | 'params'> {
  const value = firstFieldValue(fields, 'content-type');
  const parsed = value === null ? null : parseContentType(value);
  if (parsed !== null) {
    if (parsed.type === 'text' && !parsed.params.some(([name]) => name === 'charset')) parsed.params.push(['charset', 'us-ascii']);
    return parsed;
  }
  // RFC 2045 §5.2 applies the text/plain default to a malformed field even inside a digest.
  if (defaultType === 'message/rfc822' && value === null) return { type: 'message', subtype: 'rfc822', params: [] };
  return { type: 'text', subtype: 'plain', params: [['charset', 'us-ascii']] };
}

export function readPartHeader(fields: readonly HeaderField[], defaultType: DefaultType): PartHeader {
  const encoding = firstFieldValue(fields, 'content-transfer-encoding');
  const disposition = firstFieldValue(fields, 'content-disposition');
  const language = firstFieldValue(fields, 'content-language');
  return {
    ...contentType(fields, defaultType),
    id: firstFieldValue(fields, 'content-id'),
    description: firstFieldValue(fields, 'content-description'),
    // RFC 2045 §6.1: no Content-Transfer-Encoding means 7bit.
    encoding: (encoding === null ? null : parseTransferEncoding(encoding)) ?? '7bit',
    md5: firstFieldValue(fields, 'content-md5'),
    disposition: disposition === null ? null : parseContentDisposition(disposition),
    language: language === null ? null : parseContentLanguage(language),
    location: firstFieldValue(fields, 'content-location'),
  };
}
