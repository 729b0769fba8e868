// The command table: one entry per command file, keyed by the command names the parser produces
// (STYLE.md: a missing handler is a compile error, and a handler under the wrong name is one too).
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

/** Keyed by name: a command the parser knows (ImapCommandName) without a handler here does not compile. */
const COMMANDS: { readonly [N in ImapCommandName]: Command<N> } = {
  // Session (any state / not authenticated)
  CAPABILITY: capability,
  NOOP: noop,
  LOGOUT: logout,
  STARTTLS: starttls,
  LOGIN: login,
  AUTHENTICATE: authenticate,
  ID: id,
  // Authenticated
  ENABLE: enable,
  NAMESPACE: namespace,
  IDLE: idle,
  COMPRESS: compress,
  // Mailboxes (RFC 9051 §6.3, RFC 9208 quota)
  SELECT: select,
  EXAMINE: examine,
  CREATE: create,
  DELETE: deleteMailbox,
  RENAME: rename,
  SUBSCRIBE: subscribe,
  UNSUBSCRIBE: unsubscribe,
  LIST: list,
  LSUB: lsub,
  STATUS: status,
  APPEND: append,
  GETQUOTA: getquota,
  GETQUOTAROOT: getquotaroot,
  SETQUOTA: setquota,
  // Selected mailbox (RFC 9051 §6.4)
  CHECK: check,
  CLOSE: close,
  UNSELECT: unselect,
  EXPUNGE: expunge,
  // Messages (RFC 9051 §6.4, RFC 6851 MOVE, RFC 5256 SORT/THREAD)
  FETCH: fetch,
  STORE: store,
  COPY: copy,
  MOVE: move,
  SEARCH: search,
  SORT: sort,
  THREAD: thread,
};

export function commandNamed(name: ImapCommandName): Command {
  return COMMANDS[name];
}
