// One message's FETCH data items (RFC 9051 §7.5.2; BINARY RFC 3516 §4.2; MODSEQ RFC 7162 §3.1.4.1;
// EMAILID/THREADID RFC 8474 §5) from its mailbox entry and stored summary. Body sections become blob
// ranges the session streams; only header sections (HEADER.FIELDS) and parts to decode (BINARY) are read.
import { renderBody, renderBodyStructure, renderEnvelope } from '../../mime/index.ts';
import type { MessageEntry, MessageFlags, MessageSummary } from '../../mail/index.ts';
import type { BlobStore } from '../../store/types.ts';
import { formatBodyItemName, formatDateTime, formatList, type BlobRange, type BodySection, type FetchItem, type FetchResponseItem, type Partial } from '../wire/index.ts';
import { filterHeaderFields } from './header-fields.ts';
import { findPart, partialRange, resolveSection } from './section.ts';
import { readSpan, sliceParts, spanParts, type ServedMessage } from './served-message.ts';
import { decodeTransferEncoding, isIdentityEncoding, isKnownEncoding } from './transfer-decoding.ts';

/** A BINARY item named a part whose Content-Transfer-Encoding we cannot undo (RFC 3516 §4.3). */
export class UnknownEncodingError extends Error {
  constructor(encoding: string) {
    super(`Unknown Content-Transfer-Encoding ${encoding}`);
    this.name = 'UnknownEncodingError';
  }
}

export interface FetchMessage {
  readonly entry: MessageEntry;
  /** Parsed when an item needs it (see needsSummary). */
  readonly summary: MessageSummary | null;
}

type LiteralParts = Array<Uint8Array | BlobRange>;

const WITHOUT_SUMMARY = new Set(['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'UID', 'MODSEQ', 'EMAILID', 'THREADID', 'RFC822']);

/** Whether the item needs the stored summary (ENVELOPE, structures, sections). */
export function needsSummary(item: FetchItem): boolean {
  if (item.kind === 'BODY[]') return item.section.part.length > 0 || item.section.text !== null;
  if (item.kind === 'BINARY[]' || item.kind === 'BINARY.SIZE') return item.part.length > 0;
  return !WITHOUT_SUMMARY.has(item.kind);
}

const FLAG_ITEMS = new Set(['FLAGS', 'UID', 'MODSEQ']);

/** Whether the item needs more of the entry than its UID, MODSEQ and flags (see MailService.listFlags). */
export function needsEntry(item: FetchItem): boolean {
  return !FLAG_ITEMS.has(item.kind);
}

/** Whether fetching the item sets \Seen (RFC 9051 §6.4.5: BODY[…], BINARY[…], RFC822, RFC822.TEXT). */
export function marksSeen(item: FetchItem): boolean {
  if (item.kind === 'BODY[]' || item.kind === 'BINARY[]') return !item.peek;
  return item.kind === 'RFC822' || item.kind === 'RFC822.TEXT';
}

/** EMAILID (RFC 8474 §5.1): the stored body's id, shared by copies of the message. */
export function emailId(entry: MessageEntry): string {
  return `E${entry.messageId}`;
}

function served(entry: MessageEntry): ServedMessage {
  return { blobHash: entry.blobHash, prefix: Buffer.from(entry.prefix, 'latin1') };
}

function requireSummary(message: FetchMessage): MessageSummary {
  if (message.summary === null) throw new Error(`summary of UID ${message.entry.uid} was not loaded`);
  return message.summary;
}

function literal(name: string, parts: LiteralParts, partial: Partial | null, binary: boolean): FetchResponseItem {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const range = partialRange(total, partial);
  return { name, body: sliceParts(parts, range.start, range.end), binary };
}

async function bodySection(blobs: BlobStore, message: FetchMessage, name: string, section: BodySection, partial: Partial | null): Promise<FetchResponseItem> {
  const entry = message.entry;
  const source = served(entry);
  if (section.part.length === 0 && section.text === null) return literal(name, spanParts(source, { start: 0, end: entry.size }), partial, false);
  const content = resolveSection(requireSummary(message).structure, source.prefix.length, entry.size, section);
  // A section naming no part is NIL, as Dovecot answers (RFC 9051 leaves it open).
  if (content.kind === 'missing') return { name, value: 'NIL' };
  if (content.kind === 'span') return literal(name, spanParts(source, content.span), partial, false);
  const header = await readSpan(blobs, source, content.span);
  return literal(name, [filterHeaderFields(header, content.fields, content.exclude)], partial, false);
}

/** The decoded content of a part (RFC 3516 §4.2), or null when the part does not exist. */
async function binaryContent(blobs: BlobStore, message: FetchMessage, path: readonly number[]): Promise<{ parts: LiteralParts; binary: boolean } | null> {
  const entry = message.entry;
  const source = served(entry);
  if (path.length === 0) return { parts: spanParts(source, { start: 0, end: entry.size }), binary: false };
  const part = findPart(requireSummary(message).structure, path);
  if (part === null) return null;
  if (!isKnownEncoding(part.encoding)) throw new UnknownEncodingError(part.encoding);
  const prefixLength = source.prefix.length;
  const span = { start: part.bodyStart + prefixLength, end: part.end + prefixLength };
  if (isIdentityEncoding(part.encoding)) return { parts: spanParts(source, span), binary: part.encoding === 'binary' };
  const decoded = decodeTransferEncoding(part.encoding, await readSpan(blobs, source, span));
  // literal8 only where the content needs it: a NUL octet (RFC 3516 §4.2, RFC 9051 §4.3).
  return { parts: [decoded], binary: decoded.includes(0) };
}

/**
 * The items answered from the entry and summary alone; null for those that read the blob. Kept
 * synchronous so a FETCH of 1:* (UID FLAGS) creates no promise per item (issue 4's 100,000-message bound).
 */
function renderStoredItem(message: FetchMessage, item: FetchItem): FetchResponseItem | null {
  const entry = message.entry;
  switch (item.kind) {
    case 'FLAGS':
    case 'UID':
    case 'MODSEQ':
      return renderFlagItem(entry, item.kind);
    case 'INTERNALDATE':
      return { name: 'INTERNALDATE', value: formatDateTime(entry.internalDate) };
    case 'RFC822.SIZE':
      return { name: 'RFC822.SIZE', value: String(entry.size) };
    case 'EMAILID':
      return { name: 'EMAILID', value: `(${emailId(entry)})` };
    case 'THREADID':
      // RFC 8474 §5.2: NIL where the server does not keep thread ids.
      return { name: 'THREADID', value: 'NIL' };
    case 'ENVELOPE':
      return { name: 'ENVELOPE', value: renderEnvelope(requireSummary(message).envelope) };
    case 'BODY':
      return { name: 'BODY', value: renderBody(requireSummary(message).structure) };
    case 'BODYSTRUCTURE':
      return { name: 'BODYSTRUCTURE', value: renderBodyStructure(requireSummary(message).structure) };
    default:
      return null;
  }
}

function renderFlagItem(entry: MessageFlags, kind: 'FLAGS' | 'UID' | 'MODSEQ'): FetchResponseItem {
  if (kind === 'FLAGS') return { name: 'FLAGS', value: formatList(entry.flags) };
  if (kind === 'UID') return { name: 'UID', value: String(entry.uid) };
  return { name: 'MODSEQ', value: `(${entry.modseq})` };
}

/** The data items of a message from its UID, MODSEQ and flags alone: every item must fail needsEntry. */
export function renderFlagItems(entry: MessageFlags, items: readonly FetchItem[]): FetchResponseItem[] {
  return items.map((item) => {
    if (item.kind !== 'FLAGS' && item.kind !== 'UID' && item.kind !== 'MODSEQ') throw new Error(`${item.kind} needs the whole entry`);
    return renderFlagItem(entry, item.kind);
  });
}

async function renderBlobItem(blobs: BlobStore, message: FetchMessage, item: FetchItem): Promise<FetchResponseItem> {
  switch (item.kind) {
    case 'RFC822':
      return bodySection(blobs, message, 'RFC822', { part: [], text: null }, null);
    case 'RFC822.HEADER':
      return bodySection(blobs, message, 'RFC822.HEADER', { part: [], text: { kind: 'HEADER' } }, null);
    case 'RFC822.TEXT':
      return bodySection(blobs, message, 'RFC822.TEXT', { part: [], text: { kind: 'TEXT' } }, null);
    case 'BODY[]':
      return bodySection(blobs, message, formatBodyItemName('BODY', item.section, item.partial), item.section, item.partial);
    case 'BINARY[]': {
      const name = formatBodyItemName('BINARY', { part: item.part, text: null }, item.partial);
      const content = await binaryContent(blobs, message, item.part);
      return content === null ? { name, value: 'NIL' } : literal(name, content.parts, item.partial, content.binary);
    }
    case 'BINARY.SIZE': {
      const content = await binaryContent(blobs, message, item.part);
      const size = content === null ? 0 : content.parts.reduce((sum, part) => sum + part.length, 0);
      return { name: `BINARY.SIZE[${item.part.join('.')}]`, value: String(size) };
    }
    default:
      throw new Error(`${item.kind} is answered without the blob`);
  }
}

/** The data items of one message, in the order given. */
export async function renderFetchItems(blobs: BlobStore, message: FetchMessage, items: readonly FetchItem[]): Promise<FetchResponseItem[]> {
  const out: FetchResponseItem[] = [];
  for (const item of items) out.push(renderStoredItem(message, item) ?? (await renderBlobItem(blobs, message, item)));
  return out;
}
