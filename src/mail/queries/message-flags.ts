// The light listing of a mailbox: UID, MODSEQ and flags from mailbox_messages alone (no join with
// messages, no blob hash or prefix strings), for SELECT, FETCH (UID FLAGS MODSEQ), STORE replies and
// change syncs. Issue 4 asks these to take well under a second on 100,000 messages; most messages of
// a mailbox share a few flag combinations, so each combination's list is built once and shared.
import type { SqlTx } from '../../store/types.ts';
import { toFlagList } from '../flags.ts';
import type { MessageFlags } from '../message-types.ts';
import { selectEntryRows, type EntryQuery } from './mailboxes.ts';

interface FlagRow {
  uid: number;
  modseq: number;
  system_flags: number;
  keywords: string;
}

const SELECT_FLAGS = 'SELECT mm.uid, mm.modseq, mm.system_flags, mm.keywords FROM mailbox_messages mm';

export async function listFlags(tx: SqlTx, mailboxId: number, query: EntryQuery = {}): Promise<MessageFlags[]> {
  const rows = await selectEntryRows<FlagRow>(tx, SELECT_FLAGS, mailboxId, query);
  const lists = new Map<string, readonly string[]>();
  const out = new Array<MessageFlags>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const key = `${row.system_flags}${row.keywords}`;
    let flags = lists.get(key);
    if (flags === undefined) {
      flags = Object.freeze(toFlagList({ system: row.system_flags, keywords: row.keywords }));
      lists.set(key, flags);
    }
    out[i] = { uid: row.uid, modseq: row.modseq, flags };
  }
  return out;
}
