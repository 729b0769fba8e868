// Body sections (RFC 9051 §6.4.5 BODY[section], RFC 3516 §4.2 BINARY[section-part]) resolved against the
// stored MIME structure, never the message bytes. Offsets in the structure are relative to the blob; the
// message as served is the mailbox entry's prefix followed by the blob, so every span here is in served
// octets (blob offset + prefix length) and the prefix belongs to the top-level header section.
import type { BodyPart } from '../../mime/index.ts';
import type { BodySection } from '../wire/index.ts';

/** Octets [start, end) of the message as served. */
export interface ServedSpan {
  readonly start: number;
  readonly end: number;
}

export type SectionContent =
  | { readonly kind: 'span'; readonly span: ServedSpan }
  /** HEADER.FIELDS(.NOT): the header section to read and filter. */
  | { readonly kind: 'header-fields'; readonly span: ServedSpan; readonly fields: readonly string[]; readonly exclude: boolean }
  /** The section names no part of this message: answered NIL. */
  | { readonly kind: 'missing' };

/**
 * The part a section-part names (RFC 9051 §6.4.5): the n-th child of a multipart; part 1 of a
 * non-multipart entity is its body; after a message/rfc822 part the numbers continue inside the
 * encapsulated message. `[]` is the message itself.
 */
export function findPart(root: BodyPart, path: readonly number[]): BodyPart | null {
  let part: BodyPart = root;
  let container: BodyPart = root;
  for (const [index, n] of path.entries()) {
    if (index > 0) {
      if (part.message !== null) container = part.message.body;
      else if (part.type === 'multipart') container = part;
      else return null;
    }
    if (container.type === 'multipart') {
      const child = container.children[n - 1];
      if (child === undefined) return null;
      part = child;
    } else if (n === 1) {
      part = container;
    } else {
      return null;
    }
  }
  return part;
}

function served(start: number, end: number, prefix: number): ServedSpan {
  return { start: start + prefix, end: end + prefix };
}

/** The header and text of a message entity: the top level (prefix included in its header) or an encapsulated one. */
function messageSections(entity: BodyPart, prefix: number, topLevel: boolean): { header: ServedSpan; text: ServedSpan } {
  return {
    header: { start: topLevel ? 0 : entity.headerStart + prefix, end: entity.bodyStart + prefix },
    text: served(entity.bodyStart, entity.end, prefix),
  };
}

/** Where BODY[section] of a message lies; `size` is the served size (RFC822.SIZE). */
export function resolveSection(root: BodyPart, prefixLength: number, size: number, section: BodySection): SectionContent {
  const text = section.text;
  let message: { header: ServedSpan; text: ServedSpan };
  if (section.part.length === 0) {
    if (text === null) return { kind: 'span', span: { start: 0, end: size } };
    message = messageSections(root, prefixLength, true);
  } else {
    const part = findPart(root, section.part);
    if (part === null) return { kind: 'missing' };
    if (text === null) return { kind: 'span', span: served(part.bodyStart, part.end, prefixLength) };
    // RFC 9051 §6.4.5: MIME is the part's own header; HEADER, TEXT and HEADER.FIELDS of a part only
    // exist for an encapsulated message.
    if (text.kind === 'MIME') return { kind: 'span', span: served(part.headerStart, part.bodyStart, prefixLength) };
    if (part.message === null) return { kind: 'missing' };
    message = messageSections(part.message.body, prefixLength, false);
  }
  if (text === null) return { kind: 'missing' };
  if (!('fields' in text)) return text.kind === 'TEXT' ? { kind: 'span', span: message.text } : { kind: 'span', span: message.header };
  return { kind: 'header-fields', span: message.header, fields: text.fields, exclude: text.kind === 'HEADER.FIELDS.NOT' };
}

/** `<offset.length>` applied to content of `size` octets (RFC 9051 §6.4.5): past the end is empty. */
export function partialRange(size: number, partial: { offset: number; length: number } | null): { start: number; end: number } {
  if (partial === null) return { start: 0, end: size };
  const start = Math.min(partial.offset, size);
  return { start, end: Math.min(size, start + partial.length) };
}
