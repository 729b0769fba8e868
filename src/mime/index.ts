// Public surface of mime/: streaming header scanning, the message analysis stored with every message
// (summary, ENVELOPE, MIME structure with part offsets, search text) and its IMAP wire rendering.
export { HeaderScanner, type HeaderField, type HeaderScan } from './header-scanner.ts';
export { decodeEncodedWords } from './encoded-word.ts';
export { summarise, type HeaderSummary } from './summary.ts';
export { MessageAnalyser, type AnalyserOptions, type MessageAnalysis } from './message-analyser.ts';
export { parseAddressList } from './address-list.ts';
export { formatRfc5322Date } from './rfc5322-date.ts';
export { decodeUtf8AddrXtext, decodeXtext, utf8AddrXtext, xtext } from './xtext.ts';
export { imapString, imapNString, renderEnvelope, renderBody, renderBodyStructure } from './imap-render.ts';
export type { BodyPart, EncapsulatedMessage, EnvelopeAddress, MessageEnvelope, MimeParams } from './types.ts';
