// SORT and UID SORT (RFC 5256 §3): the SEARCH criteria pick the messages, the sort criteria order
// them; `* SORT` lists message numbers (UIDs for UID SORT).
import { searchMessages } from '../search/evaluate.ts';
import { sortMessages } from '../sort/sort-keys.ts';
import { defineCommand } from './command.ts';

export const sort = defineCommand({
  name: 'SORT',
  phases: ['selected'],
  // RFC 9051 §7.5.1 treats SORT like SEARCH: only the UID form may see expunges.
  expungeSafe: (command) => command.uid,
  async run(ctx, state, command) {
    const view = state.view;
    const { uids, loader } = await searchMessages(ctx, view, command.search);
    const sorted = sortMessages(await loader.load(uids), command.criteria);
    const numbers = sorted.map((data) => (command.uid ? data.entry.uid : view.seqOf(data.entry.uid))).filter((n): n is number => n !== undefined);
    ctx.untagged(numbers.length === 0 ? 'SORT' : `SORT ${numbers.join(' ')}`);
    return { status: 'OK', text: 'SORT completed' };
  },
});
