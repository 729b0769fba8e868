// Threads as trees of messages (RFC 5256 §3), and their wire form: thread-list = "(" (thread-members /
// thread-nested) ")" where one child continues the member chain and several children nest as lists
// (RFC 5256 §4). A node without a message is a dummy (only THREAD=REFERENCES makes them).
import type { MessageData } from '../search/message-data.ts';

export interface ThreadNode {
  readonly data: MessageData | null;
  children: ThreadNode[];
}

function members(node: ThreadNode, number: (data: MessageData) => number): string {
  const own = node.data === null ? '' : String(number(node.data));
  if (node.children.length === 0) return own;
  if (node.children.length === 1 && node.data !== null) return `${own} ${members(node.children[0]!, number)}`;
  const nested = node.children.map((child) => `(${members(child, number)})`).join('');
  return own === '' ? nested : `${own} ${nested}`;
}

/** `THREAD (1 2)(3 (4)(5))`; `number` gives the message number or UID. */
export function formatThreads(roots: readonly ThreadNode[], number: (data: MessageData) => number): string {
  if (roots.length === 0) return 'THREAD';
  return `THREAD ${roots.map((root) => `(${members(root, number)})`).join('')}`;
}
