// Mailbox write operations: CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE (RFC 9051 §6.3.3–6.3.8).
// Decisions where the RFCs leave room, following Dovecot:
// - CREATE makes missing parents ("a/b/c" creates "a" and "a/b"), so every name LIST shows is
//   selectable and \Noselect never arises;
// - DELETE of a mailbox with children is refused (HASCHILDREN, RFC 9051 §7.1) instead of leaving a
//   \Noselect parent;
// - RENAME keeps UIDVALIDITY and UIDs, takes the children and their subscriptions along;
// - subscriptions are names, kept when the mailbox goes (RFC 9051 §6.3.9).
import { StoreOpError, type WriteTx } from '../../store/types.ts';
import { parentNames, validMailboxName } from '../mailbox-name.ts';
import { findAccountById } from '../queries/accounts.ts';
import { findMailbox, listEntries } from '../queries/mailboxes.ts';
import { HIERARCHY_DELIMITER } from '../queries/mailbox-tree.ts';
import type { Account, Mailbox, SpecialUse } from '../types.ts';
import { charge, releaseMessages } from './entries.ts';
import { transferEntries } from './transfer.ts';

/** RFC 6154 §2 uses of real mailboxes (\\All and \\Flagged would need virtual mailboxes). */
const SPECIAL_USES: ReadonlySet<string> = new Set(['\\Archive', '\\Drafts', '\\Junk', '\\Sent', '\\Trash']);

export interface CreateMailboxArgs {
  accountId: number;
  name: string;
  specialUse: SpecialUse | null;
  subscribe: boolean;
  now: number;
}

export async function createMailbox(tx: WriteTx, args: CreateMailboxArgs): Promise<Mailbox> {
  const account = await requireAccount(tx, args.accountId);
  const name = validMailboxName(args.name);
  // RFC 6154 §5.1: an unknown special use is refused with USEATTR.
  if (args.specialUse !== null && !SPECIAL_USES.has(args.specialUse)) {
    throw new StoreOpError('invalid-special-use', `not a special use: ${args.specialUse}`, { specialUse: args.specialUse });
  }
  if (await findMailbox(tx, account.id, name)) throw new StoreOpError('exists', `mailbox ${name} already exists`, { mailbox: name });
  for (const parent of parentNames(name)) {
    if (!(await findMailbox(tx, account.id, parent))) await insertMailbox(tx, account, parent, null, args.now);
  }
  const mailbox = await insertMailbox(tx, account, name, args.specialUse, args.now);
  if (args.subscribe) await subscribe(tx, { accountId: account.id, name });
  return args.subscribe ? { ...mailbox, subscribed: true } : mailbox;
}

/**
 * Inserts one mailbox row with the account's next UIDVALIDITY: the creation time in seconds, or one
 * above the last one handed out, so a name reused within a second still gets a new one (RFC 9051 §2.3.1.1).
 */
export async function insertMailbox(tx: WriteTx, account: Account, name: string, specialUse: SpecialUse | null, now: number): Promise<Mailbox> {
  const validity = await tx.get<{ uidvalidity: number }>(
    `UPDATE accounts SET last_uidvalidity = CASE WHEN last_uidvalidity >= ? THEN last_uidvalidity + 1 ELSE ? END
      WHERE id = ? RETURNING last_uidvalidity AS uidvalidity`,
    [Math.floor(now / 1000), Math.max(1, Math.floor(now / 1000)), account.id],
  );
  if (!validity) throw new StoreOpError('not-found', `account ${account.id} does not exist`, { accountId: account.id });
  const row = await tx.get<{ id: number }>(
    `INSERT INTO mailboxes (account_id, name, special_use, uidvalidity, uidnext, highest_modseq, message_count)
     VALUES (?, ?, ?, ?, 1, 1, 0) RETURNING id`,
    [account.id, name, specialUse, validity.uidvalidity],
  );
  const mailbox = row && (await findMailbox(tx, account.id, name));
  if (!mailbox) throw new Error(`mailbox ${name} of ${account.address} was not inserted`);
  tx.emit({ kind: 'mailbox-created', accountId: account.id, mailboxId: mailbox.id });
  return mailbox;
}

export async function deleteMailbox(tx: WriteTx, args: { accountId: number; name: string }): Promise<void> {
  const name = validMailboxName(args.name);
  // RFC 9051 §6.3.4: it is an error to attempt to delete INBOX.
  if (name === 'INBOX') throw new StoreOpError('invalid', 'INBOX cannot be deleted', { mailbox: name });
  const mailbox = await requireMailbox(tx, args.accountId, name);
  const child = await tx.get<{ name: string }>(`SELECT name FROM mailboxes WHERE account_id = ? AND SUBSTR(name, 1, ?) = ? LIMIT 1`, [
    args.accountId,
    name.length + 1,
    name + HIERARCHY_DELIMITER,
  ]);
  if (child) throw new StoreOpError('has-children', `mailbox ${name} has children; delete them first`, { mailbox: name });
  const references = await tx.all<{ message_id: number; entries: number; bytes: number }>(
    'SELECT message_id, COUNT(*) AS entries, SUM(size) AS bytes FROM mailbox_messages WHERE mailbox_id = ? GROUP BY message_id',
    [mailbox.id],
  );
  // Entries and the change log go with the mailbox (ON DELETE CASCADE).
  await tx.run('DELETE FROM mailboxes WHERE id = ?', [mailbox.id]);
  await releaseMessages(tx, new Map(references.map((row) => [row.message_id, row.entries])));
  const bytes = references.reduce((sum, row) => sum + row.bytes, 0);
  const count = references.reduce((sum, row) => sum + row.entries, 0);
  await charge(tx, args.accountId, -bytes, -count);
  tx.emit({ kind: 'mailbox-deleted', accountId: args.accountId, mailboxId: mailbox.id });
}

export interface RenameMailboxArgs {
  accountId: number;
  from: string;
  to: string;
  now: number;
}

export async function renameMailbox(tx: WriteTx, args: RenameMailboxArgs): Promise<void> {
  const account = await requireAccount(tx, args.accountId);
  const from = validMailboxName(args.from);
  const to = validMailboxName(args.to);
  const source = await requireMailbox(tx, account.id, from);
  if (await findMailbox(tx, account.id, to)) throw new StoreOpError('exists', `mailbox ${to} already exists`, { mailbox: to });
  if (to.startsWith(from + HIERARCHY_DELIMITER)) throw new StoreOpError('invalid', `cannot rename ${from} under itself`, { mailbox: to });
  for (const parent of parentNames(to)) {
    if (!(await findMailbox(tx, account.id, parent))) await insertMailbox(tx, account, parent, null, args.now);
  }
  if (from === 'INBOX') {
    // RFC 9051 §6.3.6: renaming INBOX moves its messages to a new mailbox and leaves INBOX empty;
    // INBOX's children are not renamed.
    const target = await insertMailbox(tx, account, to, null, args.now);
    await transferEntries(tx, { source, target, entries: await listEntries(tx, source.id), removeFromSource: true, now: args.now });
    return;
  }
  const prefixLength = from.length + 1;
  const renamed = await tx.all<{ id: number }>(
    `UPDATE mailboxes SET name = ? || SUBSTR(name, ?) WHERE account_id = ? AND (name = ? OR SUBSTR(name, 1, ?) = ?) RETURNING id`,
    [to, from.length + 1, account.id, from, prefixLength, from + HIERARCHY_DELIMITER],
  );
  await tx.run(`UPDATE subscriptions SET name = ? || SUBSTR(name, ?) WHERE account_id = ? AND (name = ? OR SUBSTR(name, 1, ?) = ?)`, [
    to,
    from.length + 1,
    account.id,
    from,
    prefixLength,
    from + HIERARCHY_DELIMITER,
  ]);
  for (const { id } of renamed) tx.emit({ kind: 'mailbox-renamed', accountId: account.id, mailboxId: id });
}

/** RFC 9051 §6.3.9: the name need not exist; subscribing twice is harmless. */
export async function subscribe(tx: WriteTx, args: { accountId: number; name: string }): Promise<void> {
  const name = validMailboxName(args.name);
  await requireAccount(tx, args.accountId);
  if (await tx.get('SELECT 1 AS found FROM subscriptions WHERE account_id = ? AND name = ?', [args.accountId, name])) return;
  await tx.run('INSERT INTO subscriptions (account_id, name) VALUES (?, ?)', [args.accountId, name]);
}

/** Removing a name that is not subscribed is harmless (as in Dovecot). */
export async function unsubscribe(tx: WriteTx, args: { accountId: number; name: string }): Promise<void> {
  const name = validMailboxName(args.name);
  await tx.run('DELETE FROM subscriptions WHERE account_id = ? AND name = ?', [args.accountId, name]);
}

async function requireAccount(tx: WriteTx, accountId: number): Promise<Account> {
  const account = await findAccountById(tx, accountId);
  if (!account) throw new StoreOpError('not-found', `account ${accountId} does not exist`, { accountId });
  return account;
}

export async function requireMailbox(tx: WriteTx, accountId: number, name: string): Promise<Mailbox> {
  const mailbox = await findMailbox(tx, accountId, name);
  if (!mailbox) throw new StoreOpError('not-found', `mailbox ${name} does not exist`, { mailbox: name });
  return mailbox;
}
