// One command line → a typed command (RFC 1939 §3: a case-insensitive keyword, arguments separated by
// single spaces). Pure and total: every line gives a command or the text of an `-ERR`.
import { POP3_COMMAND_NAMES, type ParseResult, type Pop3Command, type Pop3CommandName } from './command-types.ts';

const NAMES = new Set<string>(POP3_COMMAND_NAMES);
/** RFC 1939 §3: "Each argument may be up to 40 characters long"; numbers stay well inside that. */
const NUMBER = /^[0-9]{1,9}$/;

const ok = (command: Pop3Command): ParseResult => ({ ok: true, command });
const fail = (text: string): ParseResult => ({ ok: false, text });

function isName(name: string): name is Pop3CommandName {
  return NAMES.has(name);
}

export function parseCommand(line: string): ParseResult {
  const space = line.indexOf(' ');
  const keyword = (space === -1 ? line : line.slice(0, space)).toUpperCase();
  const rest = space === -1 ? null : line.slice(space + 1);
  if (!isName(keyword)) return fail(keyword === '' ? 'Empty command' : 'Unknown command');
  const args = rest === null || rest === '' ? [] : rest.split(' ');
  switch (keyword) {
    case 'USER':
      if (rest === null || rest === '') return fail('USER needs a name');
      return ok({ name: 'USER', user: rest });
    case 'PASS':
      // RFC 1939 §7: the argument is the whole rest of the line, spaces included.
      if (rest === null) return fail('PASS needs a password');
      return ok({ name: 'PASS', password: rest });
    case 'STAT':
    case 'NOOP':
    case 'RSET':
    case 'QUIT':
    case 'CAPA':
    case 'STLS':
    case 'UTF8':
      return args.length === 0 ? ok({ name: keyword }) : fail(`${keyword} takes no arguments`);
    case 'LIST':
    case 'UIDL': {
      if (args.length === 0) return ok({ name: keyword, message: null });
      const message = messageNumber(args);
      return message === null ? fail(`${keyword} takes one message number`) : ok({ name: keyword, message });
    }
    case 'RETR':
    case 'DELE': {
      const message = messageNumber(args);
      return message === null ? fail(`${keyword} takes one message number`) : ok({ name: keyword, message });
    }
    case 'TOP': {
      const [message, lines] = args;
      if (args.length !== 2 || !NUMBER.test(message!) || !NUMBER.test(lines!)) return fail('TOP takes a message number and a number of lines');
      return ok({ name: 'TOP', message: Number(message), lines: Number(lines) });
    }
    case 'AUTH': {
      if (args.length === 0) return ok({ name: 'AUTH', mechanism: null, initialResponse: null });
      if (args.length > 2 || args[0] === '') return fail('AUTH takes a mechanism and an optional initial response');
      const initial = args[1];
      return ok({ name: 'AUTH', mechanism: args[0]!.toUpperCase(), initialResponse: initial === undefined ? null : initial === '=' ? '' : initial });
    }
  }
}

function messageNumber(args: readonly string[]): number | null {
  const [arg] = args;
  return args.length === 1 && NUMBER.test(arg!) ? Number(arg) : null;
}
