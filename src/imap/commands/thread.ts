// THREAD and UID THREAD (RFC 5256 §3): ORDEREDSUBJECT and REFERENCES over the messages the search
// criteria pick. REFERENCES reads each message's header section for its References field; Message-ID,
// In-Reply-To, Subject and Date come from the stored envelope.
import { headerValues } from '../fetch/header-fields.ts';
import { searchMessages } from '../search/evaluate.ts';
import { messageIds, threadByReferences } from '../thread/references.ts';
import { threadByOrderedSubject } from '../thread/ordered-subject.ts';
import { formatThreads } from '../thread/thread-tree.ts';
import { defineCommand } from './command.ts';

export const thread = defineCommand({
  name: 'THREAD',
  phases: ['selected'],
  // RFC 9051 §7.5.1 treats THREAD like SEARCH: only the UID form may see expunges.
  expungeSafe: (command) => command.uid,
  async run(ctx, state, command) {
    const view = state.view;
    const { uids, loader } = await searchMessages(ctx, view, command.search);
    const messages = await loader.load(uids);
    let roots;
    if (command.algorithm === 'ORDEREDSUBJECT') {
      roots = threadByOrderedSubject(messages);
    } else {
      const inputs = [];
      for (const data of messages) inputs.push({ data, references: headerValues(await loader.header(data), 'REFERENCES').flatMap(messageIds) });
      roots = threadByReferences(inputs);
    }
    ctx.untagged(formatThreads(roots, (data) => (command.uid ? data.entry.uid : (view.seqOf(data.entry.uid) ?? 0))));
    return { status: 'OK', text: 'THREAD completed' };
  },
});
