// MailService refusals of mailbox operations → tagged NO replies with their response codes (RFC 9051
// §7.1, RFC 5530 §3, RFC 6154 §5.1 USEATTR, RFC 9208 §4.3.1 OVERQUOTA). Anything else is rethrown:
// the dispatcher answers it with NO [SERVERBUG] and logs it.
import { StoreOpError } from '../store/types.ts';
import type { CommandResult } from './commands/command.ts';
import type { PlainResponseCode } from './wire/index.ts';

const CODES: Readonly<Record<string, PlainResponseCode>> = {
  exists: 'ALREADYEXISTS',
  'not-found': 'NONEXISTENT',
  'has-children': 'HASCHILDREN',
  'invalid-special-use': 'USEATTR',
  'over-quota': 'OVERQUOTA',
  invalid: 'CANNOT',
};

export function mailboxRefusal(err: unknown): CommandResult {
  if (!(err instanceof StoreOpError)) throw err;
  const code = CODES[err.code];
  if (code === undefined) throw err;
  // A missing target of APPEND/COPY/MOVE is TRYCREATE (RFC 9051 §6.3.12).
  const name = err.detail?.tryCreate ? 'TRYCREATE' : code;
  return { status: 'NO', code: { name }, text: refusalText(err.code) };
}

function refusalText(code: string): string {
  switch (code) {
    case 'exists':
      return 'Mailbox already exists';
    case 'not-found':
      return 'Mailbox does not exist';
    case 'has-children':
      return 'Mailbox has children; delete them first';
    case 'invalid-special-use':
      return 'Not a supported special use';
    case 'over-quota':
      return 'Quota exceeded';
    default:
      return 'Not allowed for this mailbox name';
  }
}

/** OBJECTID MAILBOXID (RFC 8474 §4): unique per server and kept across RENAME; a new UIDVALIDITY makes it new. */
export function mailboxObjectId(mailbox: { readonly id: number; readonly uidValidity: number }): string {
  return `M${mailbox.id}-${mailbox.uidValidity}`;
}
