// The IMAP wire layer: bytes → framed commands → typed commands, and typed responses → bytes.
// Pure (no I/O, no store); errors are values, never exceptions.

export type { CommandReaderLimits, RawCommand, ReaderError, ReaderErrorKind, ReaderEvent } from './command-reader.ts';
export { CommandReader, DEFAULT_READER_LIMITS } from './command-reader.ts';
export type { CommandParseError, CommandParseResult, ParseOptions } from './parse-command.ts';
export { parseCommand } from './parse-command.ts';
export type { ParseErrorCode } from './cursor.ts';
export { ImapSyntaxError } from './cursor.ts';
export type {
  AppendMessage,
  ImapCommand,
  ImapCommandName,
  ListReturn,
  ListSelection,
  QresyncParameters,
  SearchReturn,
  SortCriterion,
  SortKey,
  StatusItem,
  StoreOperation,
  ThreadAlgorithm,
} from './command-types.ts';
export { SORT_KEYS, STATUS_ITEMS, THREAD_ALGORITHMS } from './command-types.ts';
export type { BodySection, FetchItem, Partial, SectionText, SimpleFetchItem } from './fetch-types.ts';
export type { DateComparison, SearchKey } from './search-types.ts';
export { SEARCH_CHARSETS } from './parse-search.ts';
export { SYSTEM_FLAGS } from './flags.ts';
export type { SequenceNumber, SequenceRange, SequenceSet } from './sequence-set.ts';
export { expandSequenceSet, formatOrderedSequenceSet, formatSequenceSet } from './sequence-set.ts';
export type { CalendarDate } from './dates.ts';
export { formatDateTime } from './dates.ts';
export { decodeMailboxName, decodeModifiedUtf7, encodeMailboxName, encodeModifiedUtf7 } from './mailbox-name.ts';
export { formatAstring, formatList, formatMailbox, formatNString, formatString, literalPrefix } from './strings.ts';
export type { PlainResponseCode, ResponseCode, ResponseStatus, StatusResponse } from './response.ts';
export { formatContinuation, formatResponseCode, formatStatusResponse, formatUntagged } from './response.ts';
export type { BlobRange, FetchChunk, FetchResponseItem } from './fetch-response.ts';
export { buildFetchResponse, formatBodyItemName } from './fetch-response.ts';
