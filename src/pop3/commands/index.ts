// The command table: one entry per command file, keyed by the command names the parser produces
// (STYLE.md: a missing handler is a compile error, and a handler under the wrong name is one too).
import type { Pop3CommandName } from '../wire/index.ts';
import type { Command } from './command.ts';
import { auth } from './auth.ts';
import { capa } from './capa.ts';
import { dele } from './dele.ts';
import { list } from './list.ts';
import { noop } from './noop.ts';
import { pass } from './pass.ts';
import { quit } from './quit.ts';
import { retr } from './retr.ts';
import { rset } from './rset.ts';
import { stat } from './stat.ts';
import { stls } from './stls.ts';
import { top } from './top.ts';
import { uidl } from './uidl.ts';
import { user } from './user.ts';
import { utf8 } from './utf8.ts';

const COMMANDS: { readonly [N in Pop3CommandName]: Command<N> } = {
  // AUTHORIZATION (RFC 1939 §4, RFC 2595, RFC 5034, RFC 6856)
  USER: user,
  PASS: pass,
  AUTH: auth,
  STLS: stls,
  UTF8: utf8,
  // Either state
  CAPA: capa,
  QUIT: quit,
  // TRANSACTION (RFC 1939 §5, §7)
  STAT: stat,
  LIST: list,
  RETR: retr,
  DELE: dele,
  NOOP: noop,
  RSET: rset,
  TOP: top,
  UIDL: uidl,
};

export function commandNamed(name: Pop3CommandName): Command {
  return COMMANDS[name];
}
