// The command table: one entry per Verb, so a verb without a command does not compile.
import type { Command, Verb } from './command.ts';
import { VERBS } from './command.ts';
import { auth } from './auth.ts';
import { bdat } from './bdat.ts';
import { data } from './data.ts';
import { ehlo } from './ehlo.ts';
import { expn } from './expn.ts';
import { helo } from './helo.ts';
import { help } from './help.ts';
import { mail } from './mail.ts';
import { noop } from './noop.ts';
import { quit } from './quit.ts';
import { rcpt } from './rcpt.ts';
import { rset } from './rset.ts';
import { starttls } from './starttls.ts';
import { vrfy } from './vrfy.ts';

export const COMMANDS: { readonly [V in Verb]: Command<V> } = {
  EHLO: ehlo,
  HELO: helo,
  MAIL: mail,
  RCPT: rcpt,
  DATA: data,
  BDAT: bdat,
  RSET: rset,
  NOOP: noop,
  QUIT: quit,
  VRFY: vrfy,
  EXPN: expn,
  HELP: help,
  STARTTLS: starttls,
  AUTH: auth,
};

function isVerb(verb: string): verb is Verb {
  return (VERBS as readonly string[]).includes(verb);
}

export function findCommand(verb: string): Command | undefined {
  return isVerb(verb) ? COMMANDS[verb] : undefined;
}

export type { CommandContext, MessageInput, Verb } from './command.ts';
