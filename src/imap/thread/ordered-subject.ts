// THREAD=ORDEREDSUBJECT (RFC 5256 §3): messages sorted by base subject, then sent date; each run of one
// base subject is a thread whose first message is the parent of all the others; threads are ordered by
// the sent date of their first message. Ties keep message-number order.
import type { MessageData } from '../search/message-data.ts';
import { asciiCasemap, baseSubject } from '../sort/base-subject.ts';
import { sentDate } from '../sort/sort-keys.ts';
import type { ThreadNode } from './thread-tree.ts';

export function threadByOrderedSubject(messages: readonly MessageData[]): ThreadNode[] {
  const keyed = messages.map((data, index) => ({ data, index, subject: asciiCasemap(baseSubject(data.summary.envelope.subject).subject), date: sentDate(data) }));
  keyed.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.date - b.date || a.index - b.index));
  const threads: Array<{ root: ThreadNode; date: number; index: number }> = [];
  let current: { root: ThreadNode; subject: string } | null = null;
  for (const message of keyed) {
    if (current !== null && current.subject === message.subject) {
      current.root.children.push({ data: message.data, children: [] });
      continue;
    }
    const root: ThreadNode = { data: message.data, children: [] };
    current = { root, subject: message.subject };
    threads.push({ root, date: message.date, index: message.index });
  }
  threads.sort((a, b) => a.date - b.date || a.index - b.index);
  return threads.map((thread) => thread.root);
}
