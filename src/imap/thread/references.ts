// THREAD=REFERENCES (RFC 5256 §3, after Jamie Zawinski's algorithm): messages are linked by Message-ID,
// References (In-Reply-To when References has no ids), then dummies are pruned, the root set is sorted
// by sent date, roots with the same base subject are merged, and siblings are sorted by sent date.
import type { MessageData } from '../search/message-data.ts';
import { asciiCasemap, baseSubject } from '../sort/base-subject.ts';
import { sentDate } from '../sort/sort-keys.ts';
import type { ThreadNode } from './thread-tree.ts';

/** The ids a message refers to, oldest first, and its own Message-ID. */
export interface ThreadInput {
  readonly data: MessageData;
  readonly references: readonly string[];
}

interface Container {
  data: MessageData | null;
  /** Message-number order of the message, for ties. */
  index: number;
  parent: Container | null;
  children: Container[];
}

const MSG_ID = /<[^<>\s]+>/g;

/** The message ids in a References or In-Reply-To value, in order. */
export function messageIds(value: string | null): string[] {
  return value === null ? [] : (value.match(MSG_ID) ?? []);
}

function isAncestor(candidate: Container, of: Container): boolean {
  for (let node: Container | null = of; node !== null; node = node.parent) if (node === candidate) return true;
  return false;
}

function unlink(child: Container): void {
  if (child.parent === null) return;
  child.parent.children = child.parent.children.filter((c) => c !== child);
  child.parent = null;
}

function link(parent: Container, child: Container): void {
  unlink(child);
  child.parent = parent;
  parent.children.push(child);
}

/** Step 1: containers linked by Message-ID and references. */
function linkMessages(inputs: readonly ThreadInput[]): Container[] {
  const byId = new Map<string, Container>();
  const all: Container[] = [];
  const container = (id: string): Container => {
    let found = byId.get(id);
    if (found === undefined) {
      found = { data: null, index: Number.MAX_SAFE_INTEGER, parent: null, children: [] };
      byId.set(id, found);
      all.push(found);
    }
    return found;
  };
  inputs.forEach((input, index) => {
    const references = input.references.length > 0 ? input.references : messageIds(input.data.summary.envelope.inReplyTo).slice(0, 1);
    // 1.A: each reference is the parent of the next, unless it already has one or a loop would form.
    for (let i = 0; i + 1 < references.length; i++) {
      const parent = container(references[i]!);
      const child = container(references[i + 1]!);
      if (child.parent === null && parent !== child && !isAncestor(child, parent)) link(parent, child);
    }
    // 1.B: the message's own container; a missing or duplicate Message-ID gets a unique one.
    const ownId = messageIds(input.data.summary.envelope.messageId)[0];
    let own = ownId === undefined ? undefined : byId.get(ownId);
    if (own === undefined || own.data !== null) {
      own = { data: null, index, parent: null, children: [] };
      if (ownId !== undefined && !byId.has(ownId)) byId.set(ownId, own);
      all.push(own);
    }
    own.data = input.data;
    own.index = index;
    // 1.C: the last reference becomes the parent, replacing an older link, unless that makes a loop.
    const last = references.at(-1);
    if (last === undefined) {
      unlink(own);
      return;
    }
    const parent = container(last);
    if (parent !== own && !isAncestor(own, parent)) link(parent, own);
  });
  return all.filter((c) => c.parent === null);
}

/** Step 3: empty dummies go; a dummy's children move up, except into the root set when there are several. */
function prune(nodes: Container[], atRoot: boolean): Container[] {
  const out: Container[] = [];
  for (const node of nodes) {
    node.children = prune(node.children, false);
    for (const child of node.children) child.parent = node;
    if (node.data !== null) {
      out.push(node);
      continue;
    }
    if (node.children.length === 0) continue;
    if (atRoot && node.children.length > 1) {
      out.push(node);
      continue;
    }
    for (const child of node.children) child.parent = null;
    out.push(...node.children);
  }
  return out;
}

/** The message that stands for a node in date order: itself, or a dummy's first child. */
function representative(node: Container): Container {
  return node.data !== null || node.children.length === 0 ? node : representative(node.children[0]!);
}

function sortByDate(nodes: Container[]): void {
  for (const node of nodes) sortByDate(node.children);
  const dateOf = (node: Container): number => {
    const data = representative(node).data;
    return data === null ? 0 : sentDate(data);
  };
  nodes.sort((a, b) => dateOf(a) - dateOf(b) || representative(a).index - representative(b).index);
}

function subjectOf(node: Container): { subject: string; isReply: boolean } {
  const data = representative(node).data;
  const base = baseSubject(data === null ? null : data.summary.envelope.subject);
  return { subject: asciiCasemap(base.subject), isReply: base.isReply };
}

/** Step 5: roots with the same base subject are merged (RFC 5256 §3 5.A–5.C). */
function groupBySubject(roots: Container[]): Container[] {
  const table = new Map<string, Container>();
  for (const root of roots) {
    const { subject, isReply } = subjectOf(root);
    if (subject === '') continue;
    const old = table.get(subject);
    if (old === undefined || (root.data === null && old.data !== null) || (old.data !== null && subjectOf(old).isReply && !isReply && root.data !== null)) table.set(subject, root);
  }
  const result = [...roots];
  const replace = (from: Container, to: Container): void => {
    const at = result.indexOf(from);
    if (at !== -1) result[at] = to;
  };
  const remove = (node: Container): void => {
    const at = result.indexOf(node);
    if (at !== -1) result.splice(at, 1);
  };
  for (const root of roots) {
    const { subject, isReply } = subjectOf(root);
    if (subject === '') continue;
    const other = table.get(subject);
    if (other === undefined || other === root) continue;
    remove(root);
    if (other.data === null && root.data === null) {
      for (const child of root.children) link(other, child);
    } else if (other.data === null) {
      link(other, root);
    } else if (root.data === null) {
      link(root, other);
      replace(other, root);
      table.set(subject, root);
    } else if (!subjectOf(other).isReply && isReply) {
      link(other, root);
    } else if (subjectOf(other).isReply && !isReply) {
      link(root, other);
      replace(other, root);
      table.set(subject, root);
    } else {
      const dummy: Container = { data: null, index: Math.min(other.index, root.index), parent: null, children: [] };
      link(dummy, other);
      link(dummy, root);
      replace(other, dummy);
      table.set(subject, dummy);
    }
  }
  return result;
}

function toThreadNode(node: Container): ThreadNode {
  return { data: node.data, children: node.children.map(toThreadNode) };
}

/** The threads of `inputs` (given in message-number order). */
export function threadByReferences(inputs: readonly ThreadInput[]): ThreadNode[] {
  let roots = prune(linkMessages(inputs), true);
  sortByDate(roots);
  roots = groupBySubject(roots);
  // Step 6: siblings by sent date, now that merging has added children.
  sortByDate(roots);
  return roots.map(toThreadNode);
}
