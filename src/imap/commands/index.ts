// The command table: one line per command file. The dispatcher answers BAD for a command the parser
// knows but that is not registered here.
import type { ImapCommandName } from '../wire/index.ts';
import type { Command } from './command.ts';
import { authenticate } from './authenticate.ts';
import { capability } from './capability.ts';
import { compress } from './compress.ts';
import { enable } from './enable.ts';
import { id } from './id.ts';
import { idle } from './idle.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import { namespace } from './namespace.ts';
import { noop } from './noop.ts';
import { starttls } from './starttls.ts';
import { append } from './append.ts';
import { check } from './check.ts';
import { close } from './close.ts';
import { create } from './create.ts';
import { deleteMailbox } from './delete.ts';
import { examine } from './examine.ts';
import { expunge } from './expunge.ts';
import { getquota } from './getquota.ts';
import { getquotaroot } from './getquotaroot.ts';
import { list } from './list.ts';
import { lsub } from './lsub.ts';
import { rename } from './rename.ts';
import { select } from './select.ts';
import { setquota } from './setquota.ts';
import { status } from './status.ts';
import { subscribe } from './subscribe.ts';
import { unselect } from './unselect.ts';
import { unsubscribe } from './unsubscribe.ts';
import { copy } from './copy.ts';
import { fetch } from './fetch.ts';
import { move } from './move.ts';
import { search } from './search.ts';
import { sort } from './sort.ts';
import { store } from './store.ts';
import { thread } from './thread.ts';

const COMMANDS: readonly Command[] = [
  // Session (any state / not authenticated)
  capability,
  noop,
  logout,
  starttls,
  login,
  authenticate,
  id,
  // Authenticated
  enable,
  namespace,
  idle,
  compress,
  // Mailboxes (RFC 9051 §6.3, RFC 9208 quota)
  select,
  examine,
  create,
  deleteMailbox,
  rename,
  subscribe,
  unsubscribe,
  list,
  lsub,
  status,
  append,
  getquota,
  getquotaroot,
  setquota,
  // Selected mailbox (RFC 9051 §6.4)
  check,
  close,
  unselect,
  expunge,
  // Messages (RFC 9051 §6.4, RFC 6851 MOVE, RFC 5256 SORT/THREAD)
  fetch,
  store,
  copy,
  move,
  search,
  sort,
  thread,
];

const BY_NAME: ReadonlyMap<ImapCommandName, Command> = new Map(COMMANDS.map((command) => [command.name, command]));

export function commandNamed(name: ImapCommandName): Command | undefined {
  return BY_NAME.get(name);
}
