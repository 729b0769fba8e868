// pop3/wire: pure framing, parsing and serializing; no I/O.
export { LineReader, type LineEvent } from './line-reader.ts';
export { POP3_COMMAND_NAMES, type Pop3Command, type Pop3CommandName, type ParseResult } from './command-types.ts';
export { parseCommand } from './parse-command.ts';
export { formatOk, formatErr, formatChallenge, formatLines, type ResponseCode } from './response.ts';
export { DotStuffer } from './dot-stuffing.ts';
