// SEARCH and UID SEARCH (RFC 9051 §6.4.4, §6.4.9; RFC 3501 §6.4.4) with ESEARCH return options
// (RFC 4731), SEARCHRES SAVE (RFC 5182) and the CONDSTORE MODSEQ criterion (RFC 7162 §3.1.5). An
// IMAP4rev2 client always gets ESEARCH; an IMAP4rev1 client gets it only when it asked with RETURN.
import { searchMessages } from '../search/evaluate.ts';
import { usesModseq } from '../search/plan.ts';
import { effectiveReturn, formatEsearch, formatSearch, savedResult } from '../search/results.ts';
import { toUidSet } from '../uid-ranges.ts';
import { defineCommand } from './command.ts';

export const search = defineCommand({
  name: 'SEARCH',
  phases: ['selected'],
  // RFC 9051 §7.5.1: no EXPUNGE during SEARCH by message number; UID SEARCH may see them.
  expungeSafe: (command) => command.uid,
  async run(ctx, state, command) {
    const view = state.view;
    const modseqUsed = usesModseq(command.criteria);
    // RFC 7162 §3.1: SEARCH MODSEQ is CONDSTORE enabling.
    if (modseqUsed) ctx.enable('CONDSTORE');
    const { uids } = await searchMessages(ctx, view, command.criteria);
    let modseq: number | null = null;
    if (modseqUsed && uids.length > 0) {
      const entries = await ctx.mail.listMessages(view.mailboxId, { uids: toUidSet(uids) });
      modseq = entries.reduce((highest, entry) => Math.max(highest, entry.modseq), 0);
    }
    const numbers = command.uid ? uids : uids.map((uid) => view.seqOf(uid)).filter((n): n is number => n !== undefined);
    const answer = { numbers, modseq };
    if (command.return?.save === true) view.saveSearchResult(savedResult(command.return, uids));
    if (command.return === null && !ctx.enabled.has('IMAP4rev2')) {
      ctx.untagged(formatSearch(answer));
    } else {
      const options = effectiveReturn(command.return);
      if (options !== null) ctx.untagged(formatEsearch(ctx.tag, command.uid, options, answer));
    }
    return { status: 'OK', text: 'SEARCH completed' };
  },
});
