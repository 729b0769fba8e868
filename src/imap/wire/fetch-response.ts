// FETCH responses (RFC 9051 §7.5.2) as chunks, so a session streams large bodies instead of building
// one string: text goes out as is, a `BlobRange` means "copy these octets of this stored body here".
// Each body value is announced as a literal (or literal8 for BINARY[], RFC 3516 §4.2) whose size is the
// sum of its parts, so the session never needs the bytes to write the prefix.

import type { BodySection, Partial } from './fetch-types.ts';
import { formatAstring, formatList, literalPrefix } from './strings.ts';

/** Octets `offset … offset+length` of a stored body; `source` is whatever the session resolves (a blob hash). */
export interface BlobRange {
  readonly kind: 'blob-range';
  readonly source: string;
  readonly offset: number;
  readonly length: number;
}

export type FetchChunk = string | Uint8Array | BlobRange;

export type FetchResponseItem =
  /** `FLAGS (\Seen)`, `UID 7`, `ENVELOPE (…)`: the name and its already formatted value. */
  | { readonly name: string; readonly value: string }
  /** `BODY[1.2]<0>`, `BINARY[1]`, `RFC822`: a literal built from parts (prefix octets and blob ranges). */
  | { readonly name: string; readonly body: readonly (Uint8Array | BlobRange)[]; readonly binary: boolean };

/** `* n FETCH (…)` CRLF as chunks; adjacent text is merged. */
export function buildFetchResponse(sequence: number, items: readonly FetchResponseItem[]): FetchChunk[] {
  const chunks: FetchChunk[] = [];
  let text = `* ${sequence} FETCH (`;
  items.forEach((item, index) => {
    if (index > 0) text += ' ';
    if ('value' in item) {
      text += `${item.name} ${item.value}`;
      return;
    }
    const length = item.body.reduce((sum, part) => sum + part.length, 0);
    text += `${item.name} ${literalPrefix(length, item.binary)}`;
    for (const part of item.body) {
      if (part.length === 0) continue;
      chunks.push(text);
      text = '';
      chunks.push(part);
    }
  });
  chunks.push(`${text})\r\n`);
  return chunks.filter((chunk) => typeof chunk !== 'string' || chunk.length > 0);
}

/** section-spec as echoed in the response (RFC 9051 §7.5.2): `1.2.HEADER.FIELDS (FROM TO)`. */
function formatSection(section: BodySection): string {
  const part = section.part.join('.');
  const text = section.text;
  if (text === null) return part;
  const name = 'fields' in text ? `${text.kind} ${formatList(text.fields.map((field) => formatAstring(field, false)))}` : text.kind;
  return part === '' ? name : `${part}.${name}`;
}

/**
 * The data item name of a body section in the response: `BODY[…]` (never `.PEEK`) with only the
 * origin of a partial, `<0>` (RFC 9051 §7.5.2), or `BINARY[…]` (RFC 3516 §4.2).
 */
export function formatBodyItemName(kind: 'BODY' | 'BINARY', section: BodySection, partial: Partial | null): string {
  const origin = partial === null ? '' : `<${partial.offset}>`;
  return `${kind}[${formatSection(section)}]${origin}`;
}
