// Runs a search plan over the messages the client knows (RFC 9051 §6.4.4: a search sees the mailbox as
// the session's message numbers describe it). Store parts are one query each, restricted to the current
// candidates; in-memory tests then narrow the candidates, so AND evaluates the cheap store side first.
import type { CommandContext } from '../commands/command.ts';
import type { MailboxView } from '../mailbox-view.ts';
import type { SearchKey } from '../wire/index.ts';
import { toUidSet } from '../uid-ranges.ts';
import { MessageDataLoader } from './message-data.ts';
import { planSearch, type SearchPlan } from './plan.ts';

interface Scope {
  readonly ctx: CommandContext;
  readonly view: MailboxView;
  readonly loader: MessageDataLoader;
  /** Every UID the client knows, ascending. */
  readonly known: readonly number[];
}

function intersect(uids: readonly number[], keep: ReadonlySet<number>): number[] {
  return uids.filter((uid) => keep.has(uid));
}

async function evaluate(scope: Scope, plan: SearchPlan, within: readonly number[]): Promise<readonly number[]> {
  if (within.length === 0) return [];
  switch (plan.kind) {
    case 'store': {
      const restricted = within.length === scope.known.length ? plan.key : { kind: 'and' as const, keys: [{ kind: 'uid' as const, uids: toUidSet(within) }, plan.key] };
      return intersect(within, new Set(await scope.ctx.mail.search(scope.view.mailboxId, restricted)));
    }
    case 'memory': {
      const matched = new Set<number>();
      for (const data of await scope.loader.load(within)) {
        const header = plan.test.needsHeader ? await scope.loader.header(data) : null;
        if (plan.test.test(data, header)) matched.add(data.entry.uid);
      }
      return intersect(within, matched);
    }
    case 'and': {
      const ordered = [...plan.plans].sort((a, b) => Number(b.kind === 'store') - Number(a.kind === 'store'));
      let candidates = within;
      for (const inner of ordered) candidates = await evaluate(scope, inner, candidates);
      return candidates;
    }
    case 'or': {
      const matched = new Set<number>();
      let rest = within;
      for (const inner of plan.plans) {
        for (const uid of await evaluate(scope, inner, rest)) matched.add(uid);
        rest = rest.filter((uid) => !matched.has(uid));
      }
      return intersect(within, matched);
    }
    case 'not': {
      const excluded = new Set(await evaluate(scope, plan.plan, within));
      return within.filter((uid) => !excluded.has(uid));
    }
  }
}

/** UIDs of the known messages matching `key`, ascending, and the loader that holds what was read. */
export async function searchMessages(ctx: CommandContext, view: MailboxView, key: SearchKey): Promise<{ uids: number[]; loader: MessageDataLoader }> {
  const known: number[] = [];
  for (let seq = 1; seq <= view.exists; seq++) {
    const uid = view.uidAt(seq);
    if (uid !== undefined) known.push(uid);
  }
  const loader = new MessageDataLoader(ctx.mail, view.mailboxId);
  const uids = await evaluate({ ctx, view, loader, known }, planSearch(key, view), known);
  return { uids: [...uids], loader };
}
