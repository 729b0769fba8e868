// Which sender addresses an authenticated account may use (issue 6; RFC 6409 §6.1, RFC 5321 §7.1), for
// the envelope sender at MAIL and every `From:` address at the end of DATA, by the account's policy:
// - `own`: an address that resolves to this account: its own, its sub-addresses (RFC 5233), aliases that
//   deliver to it, the same under domain aliases, and postmaster/abuse when it is the domain's first
//   admin. A catch-all does not count: it would make every address of the domain its own.
// - `domain`: any address of its domain or of a domain alias of it.
// - `any`: any address.
// The null sender (`<>`, RFC 5321 §4.5.5) is always allowed: it names no one.
import type { Account } from '../mail/types.ts';
import { splitAddress } from './address.ts';
import { resolveRecipient, type RecipientDirectory, type ResolveOptions } from './resolve.ts';

export async function mayUseSender(account: Account, address: string, directory: RecipientDirectory, opts: ResolveOptions): Promise<boolean> {
  if (address === '' || account.senderPolicy === 'any') return true;
  if (account.senderPolicy === 'domain') {
    const { domain } = splitAddress(address);
    const row = await directory.findDomain(domain);
    return row !== undefined && (row.name === account.domain || row.aliasOf === account.domain);
  }
  const resolution = await resolveRecipient(address, directory, { ...opts, catchAll: false });
  return resolution.kind === 'local' && resolution.accounts.some((resolved) => resolved.accountId === account.id);
}
