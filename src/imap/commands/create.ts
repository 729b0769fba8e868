// CREATE (RFC 9051 §6.3.4) with CREATE-SPECIAL-USE (RFC 6154 §3: `CREATE name (USE (\Sent))`).
// A trailing delimiter only declares the intent to create children (RFC 9051 §6.3.4), so "a/" creates
// "a". Missing parents are created too (MailService.createMailbox). One special use per mailbox: more
// than one is refused with USEATTR (RFC 6154 §3 allows a server to refuse combinations).
import { HIERARCHY_DELIMITER, type SpecialUse } from '../../mail/index.ts';
import { mailboxRefusal } from '../mailbox-errors.ts';
import { AUTHENTICATED_PHASES } from '../session-state.ts';
import { always, defineCommand } from './command.ts';

const SPECIAL_USES: ReadonlyMap<string, SpecialUse> = new Map(
  (['\\Sent', '\\Drafts', '\\Trash', '\\Junk', '\\Archive'] as const).map((use) => [use.toLowerCase(), use]),
);

export const create = defineCommand({
  name: 'CREATE',
  phases: AUTHENTICATED_PHASES,
  expungeSafe: always,
  async run(ctx, state, command) {
    const name = command.mailbox.endsWith(HIERARCHY_DELIMITER) ? command.mailbox.slice(0, -1) : command.mailbox;
    if (command.specialUse.length > 1) return { status: 'NO', code: { name: 'USEATTR' }, text: 'Only one special use per mailbox' };
    const requested = command.specialUse[0];
    const specialUse = requested === undefined ? null : SPECIAL_USES.get(requested.toLowerCase());
    if (specialUse === undefined) return { status: 'NO', code: { name: 'USEATTR' }, text: 'Not a supported special use' };
    try {
      await ctx.mail.createMailbox({ accountId: state.account.id, name, specialUse });
    } catch (err) {
      return mailboxRefusal(err);
    }
    return { status: 'OK', text: 'CREATE completed' };
  },
});
