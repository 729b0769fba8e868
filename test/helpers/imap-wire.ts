// Frames raw IMAP command bytes with the real reader and parses them, for the wire table tests.
import assert from 'node:assert/strict';
import type { CommandParseResult, ImapCommand, ReaderEvent } from '../../src/imap/wire/index.ts';
import { CommandReader, parseCommand } from '../../src/imap/wire/index.ts';

/** All events the reader yields for `bytes` pushed at once. */
export function readAll(bytes: string | Uint8Array, reader: CommandReader = new CommandReader()): ReaderEvent[] {
  reader.push(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  const events: ReaderEvent[] = [];
  for (let event = reader.next(); event !== null; event = reader.next()) events.push(event);
  return events;
}

/** One command's bytes → its parse result (the line must be a single complete command). */
export function parseLine(bytes: string, utf8Mailboxes = false, utf8Accept = false): CommandParseResult {
  const commands = readAll(bytes).filter((event) => event.kind !== 'continue');
  assert.equal(commands.length, 1, `expected one command from ${JSON.stringify(bytes)}`);
  const event = commands[0]!;
  if (event.kind !== 'command') assert.fail(`reader error: ${JSON.stringify(event)}`);
  return parseCommand(event.command, { utf8Mailboxes, utf8Accept });
}

export function parsed(bytes: string, utf8Mailboxes = false, utf8Accept = false): ImapCommand {
  const result = parseLine(bytes, utf8Mailboxes, utf8Accept);
  if (!result.ok) assert.fail(`${JSON.stringify(bytes)} did not parse: ${result.error.text}`);
  return result.command;
}

export function parseErrorText(bytes: string, utf8Mailboxes = false, utf8Accept = false): string {
  const result = parseLine(bytes, utf8Mailboxes, utf8Accept);
  if (result.ok) assert.fail(`${JSON.stringify(bytes)} parsed as ${JSON.stringify(result.command)}`);
  return result.error.text;
}
