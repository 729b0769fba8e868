// Public surface of mime/: streaming header scanning and the stored message summary.
export { HeaderScanner, type HeaderField, type HeaderScan } from './header-scanner.ts';
export { decodeEncodedWords } from './encoded-word.ts';
export { summarise } from './summary.ts';
