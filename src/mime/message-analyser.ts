// Streaming MIME structure analysis (RFC 2045, RFC 2046), run once while a message is stored, so IMAP
// serves ENVELOPE, BODYSTRUCTURE and BODY[section] without re-parsing (DESIGN.md "parsed summary").
//
// Contract:
// - `push` accepts Buffers of any size, split anywhere; `end` returns the analysis. Same bytes, same
//   analysis, however they were split. Never throws on malformed input.
// - Offsets are relative to the first byte pushed (the blob). See types.ts for the per-recipient prefix.
// - Header sections are read by HeaderScanner (one per entity); the top-level scan is returned as is,
//   so callers keep its loop-detection count and size limit.
// - Boundaries (RFC 2046 §5.1.1): a line is a delimiter of an enclosing multipart when it is exactly
//   `--boundary` or `--boundary--`, followed only by white space (so a boundary that is a prefix of
//   another never matches the longer one). The innermost enclosing multipart is tried first, and a
//   delimiter of an outer multipart closes every part inside it (missing close delimiters). The CRLF
//   before a delimiter belongs to the delimiter. Preamble and epilogue belong to no part.
// - A part's header section that a delimiter interrupts ends there, with an empty body.
// - A multipart without parts (no boundary parameter, no delimiter found, or too deep) gets one empty
//   text/plain part at its end: IMAP's BODYSTRUCTURE syntax needs at least one (RFC 3501 §9
//   body-type-mpart), and Dovecot answers the same.
// - message/rfc822 and message/global bodies in 7bit, 8bit or binary are parsed as messages (RFC 2046
//   §5.2.1 forbids other encodings for them; an encoded one is an opaque leaf).
// - Bounded memory for hostile input: lines are kept only up to LINE_HEAD_BYTES (a longer line cannot
//   be a delimiter and streams through), entities deeper than `maxDepth` are opaque leaves, parts past
//   `maxParts` are not recorded (their bytes stay in the enclosing multipart), header sections are
//   bounded by HeaderScanner, the body and header search texts by their limits.
// - `lines` counts line feeds in the body (Dovecot's convention: a last line without its line feed,
//   as before a delimiter, is not counted).
import type { MessageSummary } from './types.ts';
import { buildEnvelope } from './envelope.ts';
import { HeaderScanner, type HeaderScan } from './header-scanner.ts';
import { readPartHeader, type DefaultType } from './part-header.ts';
import { appendHeaderFields, HEADER_TEXT_LIMIT, PartText, SearchText, SEARCH_TEXT_LIMIT } from './search-text.ts';
import { summarise } from './summary.ts';
import type { BodyPart } from './types.ts';

export interface AnalyserOptions {
  /** Largest header section per entity (`smtp.max_header_size` for the top level). */
  maxHeaderSize: number;
  /** Entities nested deeper than this are opaque leaves. */
  maxDepth?: number;
  /** At most this many entities are recorded. */
  maxParts?: number;
  /** Characters of body search text kept. */
  searchTextLimit?: number;
  /** Characters of header search text kept. */
  headerTextLimit?: number;
}

export interface MessageAnalysis {
  summary: MessageSummary;
  /** Decoded text parts for the full-text index. */
  searchText: string;
  /** Decoded header fields of every entity for the full-text index (SEARCH TEXT). */
  headerText: string;
  /** The top-level header section as HeaderScanner saw it. */
  headerScan: HeaderScan;
}

const DEFAULT_MAX_DEPTH = 50;
const DEFAULT_MAX_PARTS = 10_000;
/** Longest line that may be a delimiter: `--` + a boundary (RFC 2046 §5.1.1: at most 70) + `--` + padding. */
const LINE_HEAD_BYTES = 1024;
/** Boundaries longer than this (RFC 2046 allows 70) are not honoured. */
const MAX_BOUNDARY = 256;
/** RFC 2046 §5.2.1: the only encodings of an encapsulated message. */
const IDENTITY_ENCODINGS = new Set(['7bit', '8bit', 'binary']);
const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const LWSP = /^[ \t]*$/;
const CLOSE_LWSP = /^--[ \t]*$/;

interface Entity {
  part: BodyPart;
  depth: number;
  defaultType: DefaultType;
  /** Set while the header section is being read. */
  scanner: HeaderScanner | null;
  /** The multipart whose children list this part joins, or the message part this entity is the body of. */
  parent: { kind: 'multipart' | 'message'; entity: Entity } | null;
  /** Line feeds seen before the body started. */
  linesBefore: number;
  /** For a multipart before its close delimiter: its boundary. */
  boundary: string | null;
  text: PartText | null;
}

function emptyPart(at: number): BodyPart {
  return {
    headerStart: at,
    bodyStart: at,
    end: at,
    type: 'text',
    subtype: 'plain',
    params: [['charset', 'us-ascii']],
    id: null,
    description: null,
    encoding: '7bit',
    md5: null,
    disposition: null,
    language: null,
    location: null,
    size: 0,
    lines: 0,
    children: [],
    message: null,
  };
}

export class MessageAnalyser {
  readonly #maxHeaderSize: number;
  readonly #maxDepth: number;
  readonly #maxParts: number;
  readonly #searchText: SearchText;
  readonly #headerText: SearchText;
  readonly #root: Entity;
  /** Open entities, outermost first; the last one receives the current line. */
  readonly #stack: Entity[];
  #parts = 1;
  /** Set when the top-level header section ends, which `end` guarantees. */
  #headerScan: HeaderScan = { fields: [], receivedCount: 0, headerSize: 0, exceeded: false };

  /** Octets consumed, and line feeds among them. */
  #offset = 0;
  #lineFeeds = 0;
  /** The current line: where it starts, its octets so far, its first bytes (unless it streams through). */
  #lineStart = 0;
  #lineLength = 0;
  #head: Buffer[] = [];
  #streaming = false;
  #lastByteWasCR = false;
  /** Length of the previous line's terminator: 2 (CRLF), 1 (LF) or 0 (none yet). */
  #previousTerminator = 0;

  constructor(opts: AnalyserOptions) {
    this.#maxHeaderSize = opts.maxHeaderSize;
    this.#maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.#maxParts = opts.maxParts ?? DEFAULT_MAX_PARTS;
    this.#searchText = new SearchText(opts.searchTextLimit ?? SEARCH_TEXT_LIMIT);
    this.#headerText = new SearchText(opts.headerTextLimit ?? HEADER_TEXT_LIMIT);
    this.#root = this.#open(0, 0, 'text/plain', null);
    this.#stack = [this.#root];
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      this.#append(chunk.subarray(start, lf === -1 ? chunk.length : lf));
      if (lf === -1) return;
      this.#endLine(true);
      start = lf + 1;
    }
  }

  /** Finishes the analysis (end of data); the analyser must not be used afterwards. */
  end(): MessageAnalysis {
    if (this.#lineLength > 0) this.#endLine(false);
    while (this.#stack.length > 0) this.#close(this.#offset, this.#lineFeeds);
    const { fields } = this.#headerScan;
    return {
      summary: {
        ...summarise(fields),
        envelope: buildEnvelope(fields),
        structure: this.#root.part,
        size: this.#offset,
        lines: this.#lineFeeds,
      },
      searchText: this.#searchText.toString(),
      headerText: this.#headerText.toString(),
      headerScan: this.#headerScan,
    };
  }

  #open(at: number, depth: number, defaultType: DefaultType, parent: Entity['parent']): Entity {
    const part = emptyPart(at);
    const scanner = new HeaderScanner({ maxHeaderSize: this.#maxHeaderSize });
    const entity: Entity = { part, depth, defaultType, scanner, parent, linesBefore: 0, boundary: null, text: null };
    if (parent?.kind === 'multipart') parent.entity.part.children.push(part);
    return entity;
  }

  /** Bytes of the current line, before its line feed. */
  #append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.#lineLength += bytes.length;
    this.#offset += bytes.length;
    this.#lastByteWasCR = bytes[bytes.length - 1] === CR;
    if (this.#streaming) {
      this.#deliver(bytes);
    } else if (this.#lineLength <= LINE_HEAD_BYTES) {
      // Copy: the caller may reuse its buffer once push returns.
      this.#head.push(Buffer.from(bytes));
    } else {
      // Too long to be a delimiter: what was held back goes to the open entity, the rest streams through.
      this.#streaming = true;
      this.#deliver(Buffer.concat(this.#head));
      this.#head = [];
      this.#deliver(bytes);
    }
  }

  /** Line content for the innermost open entity: its header scanner, or its search text. */
  #deliver(bytes: Buffer): void {
    const entity = this.#stack.at(-1);
    if (entity === undefined) return;
    if (entity.scanner !== null) entity.scanner.push(bytes);
    else if (entity.text !== null && !this.#searchText.full) entity.text.write(bytes);
  }

  #endLine(hasLineFeed: boolean): void {
    const terminator = hasLineFeed ? (this.#lastByteWasCR ? 2 : 1) : 0;
    const contentLength = this.#lineLength - (terminator === 2 ? 1 : 0);
    const lineStart = this.#lineStart;
    const lineFeedsBefore = this.#lineFeeds;
    const head = this.#streaming ? null : Buffer.concat(this.#head);
    if (hasLineFeed) {
      this.#offset++;
      this.#lineFeeds++;
    }
    this.#lineStart = this.#offset;
    this.#lineLength = 0;
    this.#head = [];
    const streamed = this.#streaming;
    this.#streaming = false;
    this.#lastByteWasCR = false;
    const previousTerminator = this.#previousTerminator;
    this.#previousTerminator = terminator;

    if (head !== null && head[0] === DASH && head[1] === DASH) {
      const line = head.toString('latin1', 0, contentLength);
      if (this.#delimiter(line, lineStart, previousTerminator, lineFeedsBefore)) return;
    }
    const entity = this.#stack.at(-1);
    if (entity === undefined) return;
    if (entity.scanner !== null) {
      if (head !== null) entity.scanner.push(head);
      if (hasLineFeed) entity.scanner.push(Buffer.from([LF]));
      if (contentLength === 0 && !streamed) this.#bodyStarts(entity, this.#offset);
    } else if (entity.text !== null && !this.#searchText.full) {
      if (head !== null) entity.text.write(head);
      if (hasLineFeed) entity.text.endLine();
    }
  }

  /**
   * Handles `line` when it delimits an enclosing multipart (RFC 2046 §5.1.1); false when it does not.
   * The part before it ends where the line before the delimiter ends, its line feed excluded.
   */
  #delimiter(line: string, lineStart: number, previousTerminator: number, lineFeedsBefore: number): boolean {
    for (let k = this.#stack.length - 1; k >= 0; k--) {
      const multipart = this.#stack[k];
      const boundary = multipart === undefined ? null : multipart.boundary;
      if (multipart === undefined || boundary === null || !line.startsWith(`--${boundary}`)) continue;
      const rest = line.slice(boundary.length + 2);
      const close = CLOSE_LWSP.test(rest);
      if (!close && !LWSP.test(rest)) continue;
      const partEnd = lineStart - previousTerminator;
      const lineFeedsAtEnd = lineFeedsBefore - (previousTerminator > 0 ? 1 : 0);
      while (this.#stack.length > k + 1) this.#close(partEnd, lineFeedsAtEnd);
      if (close) {
        multipart.boundary = null;
      } else if (this.#parts < this.#maxParts) {
        this.#parts++;
        // RFC 2046 §5.1.5: parts of a digest are messages unless they say otherwise.
        const defaultType = multipart.part.subtype === 'digest' ? 'message/rfc822' : 'text/plain';
        this.#stack.push(this.#open(this.#offset, multipart.depth + 1, defaultType, { kind: 'multipart', entity: multipart }));
      }
      return true;
    }
    return false;
  }

  /** The header section of `entity` ended (empty line at `bodyStart`, or cut short). */
  #bodyStarts(entity: Entity, bodyStart: number): void {
    const scanner = entity.scanner;
    if (scanner === null) return;
    entity.scanner = null;
    const scan = scanner.end();
    appendHeaderFields(this.#headerText, scan.fields);
    const part = entity.part;
    Object.assign(part, readPartHeader(scan.fields, entity.defaultType));
    part.bodyStart = bodyStart;
    part.end = bodyStart;
    entity.linesBefore = this.#lineFeeds;
    if (entity === this.#root) {
      this.#headerScan = scan;
    } else if (entity.parent?.kind === 'message') {
      entity.parent.entity.part.message = { envelope: buildEnvelope(scan.fields), body: part };
    }
    if (entity.depth >= this.#maxDepth) return;
    if (part.type === 'multipart') {
      const boundary = part.params.find(([name]) => name === 'boundary')?.[1] ?? '';
      entity.boundary = boundary === '' || boundary.length > MAX_BOUNDARY ? null : boundary;
    } else if (part.type === 'message' && (part.subtype === 'rfc822' || part.subtype === 'global') && IDENTITY_ENCODINGS.has(part.encoding)) {
      if (this.#parts >= this.#maxParts) return;
      this.#parts++;
      this.#stack.push(this.#open(bodyStart, entity.depth + 1, 'text/plain', { kind: 'message', entity }));
    } else if (part.type === 'text') {
      const charset = part.params.find(([name]) => name === 'charset')?.[1] ?? 'us-ascii';
      entity.text = new PartText(this.#searchText, { encoding: part.encoding, subtype: part.subtype, charset });
    }
  }

  /** Closes the innermost open entity, its body ending at `end` after `lineFeedsAtEnd` line feeds. */
  #close(end: number, lineFeedsAtEnd: number): void {
    const entity = this.#stack.at(-1);
    if (entity === undefined) return;
    const part = entity.part;
    if (entity.scanner !== null) {
      this.#bodyStarts(entity, Math.max(part.headerStart, end));
      // An encapsulated message opened just now is empty and closes first.
      if (this.#stack.at(-1) !== entity) this.#close(end, lineFeedsAtEnd);
    }
    this.#stack.pop();
    part.end = Math.max(part.bodyStart, end);
    part.size = part.end - part.bodyStart;
    part.lines = part.end === part.bodyStart ? 0 : Math.max(0, lineFeedsAtEnd - entity.linesBefore);
    entity.text?.finish();
    entity.text = null;
    if (part.type === 'multipart' && part.children.length === 0) part.children.push(emptyPart(part.end));
  }
}
