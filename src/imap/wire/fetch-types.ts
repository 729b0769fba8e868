// FETCH data items as requested (RFC 9051 §6.4.5; BINARY RFC 3516 §4.2; MODSEQ RFC 7162 §3.1.4.1;
// EMAILID/THREADID RFC 8474 §5). Macros (ALL, FAST, FULL) are expanded by the parser.

/** section-text of BODY[…] (RFC 9051 §9). */
export type SectionText =
  | { readonly kind: 'HEADER' | 'TEXT' | 'MIME' }
  | { readonly kind: 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT'; readonly fields: readonly string[] };

export interface BodySection {
  /** Part numbers (`1.2` → [1, 2]); empty for the whole message. */
  readonly part: readonly number[];
  readonly text: SectionText | null;
}

/** `<origin.length>`; only an origin is echoed back in the response (RFC 9051 §7.5.2). */
export interface Partial {
  readonly offset: number;
  readonly length: number;
}

export const SIMPLE_FETCH_ITEMS = ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY', 'BODYSTRUCTURE', 'UID', 'MODSEQ', 'RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'EMAILID', 'THREADID'] as const;
export type SimpleFetchItem = (typeof SIMPLE_FETCH_ITEMS)[number];

export type FetchItem =
  | { readonly kind: SimpleFetchItem }
  | { readonly kind: 'BODY[]'; readonly peek: boolean; readonly section: BodySection; readonly partial: Partial | null }
  | { readonly kind: 'BINARY[]'; readonly peek: boolean; readonly part: readonly number[]; readonly partial: Partial | null }
  | { readonly kind: 'BINARY.SIZE'; readonly part: readonly number[] };
