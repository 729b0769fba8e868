// A framed command (tag, name, raw argument bytes) → a typed command or a typed error whose text
// says what was wrong, for the `BAD` (or, where an RFC says so, `NO`) reply. Never throws.

import type { ImapCommand } from './command-types.ts';
import type { RawCommand } from './command-reader.ts';
import type { ParseErrorCode } from './cursor.ts';
import { ArgumentCursor, DEFAULT_MAX_LIST_DEPTH, ImapSyntaxError } from './cursor.ts';
import type { MailboxCommandName } from './parse-mailbox-commands.ts';
import { readMailboxCommand } from './parse-mailbox-commands.ts';
import type { MessageCommandName } from './parse-message-commands.ts';
import { readMessageCommand, UID_COMMANDS } from './parse-message-commands.ts';

export interface ParseOptions {
  /** UTF8=ACCEPT (RFC 6855) or IMAP4rev2 is enabled: mailbox names are UTF-8, not modified UTF-7. */
  readonly utf8Mailboxes: boolean;
  /**
   * UTF8=ACCEPT itself is enabled (RFC 6855 §3, §4): APPEND may use the `UTF8 (literal8)` form, and a
   * charset label in SEARCH/SORT/THREAD conflicts with it. Not implied by IMAP4rev2. Default false.
   */
  readonly utf8Accept?: boolean;
  readonly maxListDepth?: number;
}

export interface CommandParseError {
  readonly status: 'BAD' | 'NO';
  readonly code: ParseErrorCode | null;
  readonly codeArguments: readonly string[];
  readonly text: string;
}

export type CommandParseResult =
  | { readonly ok: true; readonly tag: string; readonly command: ImapCommand }
  | { readonly ok: false; readonly tag: string; readonly error: CommandParseError };

const NO_ARGUMENTS = ['CAPABILITY', 'NOOP', 'LOGOUT', 'STARTTLS', 'CHECK', 'CLOSE', 'UNSELECT', 'IDLE', 'NAMESPACE'] as const;

function takesNoArguments(name: string): name is (typeof NO_ARGUMENTS)[number] {
  return (NO_ARGUMENTS as readonly string[]).includes(name);
}
const MAILBOX_COMMANDS = new Set<string>(['SELECT', 'EXAMINE', 'CREATE', 'DELETE', 'RENAME', 'SUBSCRIBE', 'UNSUBSCRIBE', 'LIST', 'LSUB', 'STATUS', 'APPEND', 'GETQUOTA', 'GETQUOTAROOT', 'SETQUOTA'] satisfies MailboxCommandName[]);

/** RFC 4959 §3 initial response: base64, or "=" for an empty one. */
const SASL_INITIAL_RESPONSE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function readAuthenticate(cursor: ArgumentCursor): ImapCommand {
  cursor.space();
  const mechanism = cursor.atom('a SASL mechanism').toUpperCase();
  let initialResponse: string | null = null;
  if (cursor.accept(' ')) {
    const text = cursor.atom('an initial response');
    if (text !== '=' && (text.length === 0 || !SASL_INITIAL_RESPONSE.test(text))) throw new ImapSyntaxError('Invalid base64 in the initial response');
    initialResponse = text === '=' ? '' : text;
  }
  return { name: 'AUTHENTICATE', mechanism, initialResponse };
}

/** ID SP ("(" *(string SP nstring) ")" / NIL) (RFC 2971 §3.1, §4). */
function readId(cursor: ArgumentCursor): ImapCommand {
  cursor.space();
  if (cursor.acceptWord('NIL')) return { name: 'ID', parameters: null };
  const parameters: Array<readonly [string, string | null]> = [];
  cursor.list(() => {
    const field = cursor.string();
    cursor.space();
    parameters.push([field, cursor.nstring()]);
  }, true);
  return { name: 'ID', parameters };
}

function readCommand(raw: RawCommand, cursor: ArgumentCursor, options: ParseOptions): ImapCommand {
  const name = raw.name;
  if (takesNoArguments(name)) return { name };
  const utf8 = options.utf8Mailboxes;
  const utf8Accept = options.utf8Accept ?? false;
  if (MAILBOX_COMMANDS.has(name)) {
    cursor.space();
    return readMailboxCommand(name as MailboxCommandName, cursor, utf8, utf8Accept);
  }
  if ((UID_COMMANDS as readonly string[]).includes(name)) return readMessageCommand(name as MessageCommandName, cursor, false, utf8, utf8Accept);
  switch (name) {
    case 'UID': {
      cursor.space();
      const inner = cursor.atom('a command after UID').toUpperCase();
      if (!(UID_COMMANDS as readonly string[]).includes(inner)) throw new ImapSyntaxError(`UID ${inner} is not a command`);
      return readMessageCommand(inner as MessageCommandName, cursor, true, utf8, utf8Accept);
    }
    case 'AUTHENTICATE':
      return readAuthenticate(cursor);
    case 'LOGIN': {
      cursor.space();
      const username = cursor.astring('a user name');
      cursor.space();
      return { name, username, password: cursor.astring('a password') };
    }
    case 'ENABLE': {
      const capabilities: string[] = [];
      do {
        cursor.space();
        capabilities.push(cursor.atom('a capability').toUpperCase());
      } while (!cursor.atEnd);
      return { name, capabilities };
    }
    case 'ID':
      return readId(cursor);
    case 'COMPRESS':
      cursor.space();
      return { name, mechanism: cursor.atom('a compression mechanism').toUpperCase() };
    default:
      throw new ImapSyntaxError(`Unknown command ${name.slice(0, 40)}`);
  }
}

export function parseCommand(raw: RawCommand, options: ParseOptions): CommandParseResult {
  const cursor = new ArgumentCursor(raw.args, options.maxListDepth ?? DEFAULT_MAX_LIST_DEPTH);
  try {
    const command = readCommand(raw, cursor, options);
    cursor.end();
    return { ok: true, tag: raw.tag, command };
  } catch (error) {
    if (!(error instanceof ImapSyntaxError)) throw error;
    return { ok: false, tag: raw.tag, error: { status: error.status, code: error.code, codeArguments: error.codeArguments, text: error.message } };
  }
}
