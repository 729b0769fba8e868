// FETCH and UID FETCH (RFC 9051 §6.4.5, §6.4.9; RFC 3501 for the rev1 items; BINARY RFC 3516;
// CHANGEDSINCE and VANISHED RFC 7162 §3.1.4, §3.2.6). One store query lists the entries (flags, UIDs,
// sizes, dates) — only UIDs, MODSEQs and flags when no item needs more, so `FETCH 1:* (UID FLAGS)` on
// 100,000 messages stays well under a second (issue 4) —, a second loads the summaries only when an
// item needs them; body sections stream from the blob. A non-PEEK body fetch sets \Seen and reports the new FLAGS (RFC 9051 §6.4.5).
import type { MessageEntry, MessageSummary, UidSet } from '../../mail/index.ts';
import { buildFetchResponse, formatSequenceSet, type FetchChunk, type FetchItem } from '../wire/index.ts';
import { marksSeen, needsEntry, needsSummary, renderFetchItems, renderFlagItems, UnknownEncodingError } from '../fetch/render.ts';
import { vanishedSince } from '../fetch/vanished.ts';
import { toUidSet } from '../uid-ranges.ts';
import { defineCommand, type CommandContext } from './command.ts';
import type { MailboxView } from '../mailbox-view.ts';

/** Responses are written in batches of this many messages: few writes, bounded memory. */
const BATCH = 256;
const SEEN = '\\Seen';

function has(items: readonly FetchItem[], kind: FetchItem['kind']): boolean {
  return items.some((item) => item.kind === kind);
}

/**
 * The items as answered: UID first for UID FETCH (RFC 9051 §6.4.9), MODSEQ when CHANGEDSINCE asked
 * (RFC 7162 §3.1.4.1); FLAGS is added per message where this fetch set \Seen.
 */
function answeredItems(items: readonly FetchItem[], uid: boolean, changedSince: boolean): FetchItem[] {
  const out = [...items];
  if (uid && !has(out, 'UID')) out.unshift({ kind: 'UID' });
  if (changedSince && !has(out, 'MODSEQ')) out.push({ kind: 'MODSEQ' });
  return out;
}

async function loadSummaries(ctx: CommandContext, view: MailboxView, entries: readonly MessageEntry[]): Promise<Map<number, MessageSummary>> {
  const rows = await ctx.mail.listSummaries(view.mailboxId, toUidSet(entries.map((entry) => entry.uid)));
  return new Map(rows.map((row) => [row.uid, JSON.parse(row.summary) as MessageSummary]));
}

/** Sets \Seen on the unseen messages (RFC 9051 §6.4.5); returns the UIDs it changed. */
async function markSeen(ctx: CommandContext, view: MailboxView, entries: MessageEntry[]): Promise<Set<number>> {
  const unseen = entries.filter((entry) => !entry.flags.includes(SEEN));
  if (unseen.length === 0) return new Set();
  const result = await ctx.mail.storeFlags({ mailboxId: view.mailboxId, uids: toUidSet(unseen.map((entry) => entry.uid)), mode: 'add', flags: [SEEN] });
  const changed = new Set(result.changed.flatMap((group) => group.uids));
  // The FETCH responses carry the new FLAGS: the next sync must not announce them again.
  view.noteOwnFlags([...changed], result.modseq);
  for (const entry of entries) {
    if (!changed.has(entry.uid)) continue;
    entry.flags = [...entry.flags, SEEN];
    entry.modseq = result.modseq;
  }
  return changed;
}

/** FETCH of UID, FLAGS and MODSEQ only: from the light listing, rendered without awaiting per message. */
async function fetchFlags(ctx: CommandContext, view: MailboxView, query: { uids: UidSet; changedSince?: number }, items: readonly FetchItem[]): Promise<void> {
  const entries = await ctx.mail.listFlags(view.mailboxId, query);
  let pending: FetchChunk[] = [];
  for (const entry of entries) {
    const sequence = view.seqOf(entry.uid);
    if (sequence === undefined) continue;
    pending.push(...buildFetchResponse(sequence, renderFlagItems(view.recent.show(entry), items)));
    if (pending.length >= BATCH) {
      await ctx.writeChunks(pending);
      pending = [];
    }
  }
  if (pending.length > 0) await ctx.writeChunks(pending);
}

export const fetch = defineCommand({
  name: 'FETCH',
  phases: ['selected'],
  // RFC 9051 §7.5.1: no EXPUNGE during FETCH by message number; UID FETCH may see them.
  expungeSafe: (command) => command.uid,
  async run(ctx, state, command) {
    const view = state.view;
    // RFC 7162 §3.1: CHANGEDSINCE and the MODSEQ item are CONDSTORE enabling.
    if (command.changedSince !== null || has(command.items, 'MODSEQ')) ctx.enable('CONDSTORE');
    if (command.vanished && !ctx.enabled.has('QRESYNC')) return { status: 'BAD', text: 'VANISHED needs ENABLE QRESYNC' };
    if (command.vanished && command.changedSince === null) return { status: 'BAD', text: 'VANISHED needs CHANGEDSINCE' };
    const uids = view.resolve(command.set, command.uid);
    if (command.vanished && command.changedSince !== null) {
      const vanished = await vanishedSince(ctx.mail, view, command.set, command.changedSince);
      if (vanished.length > 0) ctx.untagged(`VANISHED (EARLIER) ${formatSequenceSet(vanished)}`);
    }
    if (uids.length === 0) return { status: 'OK', text: 'FETCH completed' };
    const query = { uids: toUidSet(uids), ...(command.changedSince === null ? {} : { changedSince: command.changedSince }) };
    const items = answeredItems(command.items, command.uid, command.changedSince !== null);
    if (!items.some(needsEntry)) {
      await fetchFlags(ctx, view, query, items);
      return { status: 'OK', text: 'FETCH completed' };
    }
    const entries = await ctx.mail.listMessages(view.mailboxId, query);
    const summaries = items.some(needsSummary) ? await loadSummaries(ctx, view, entries) : null;
    const seenNow = !view.readOnly && items.some(marksSeen) ? await markSeen(ctx, view, entries) : new Set<number>();
    const withFlags: FetchItem[] = has(items, 'FLAGS') ? items : [...items, { kind: 'FLAGS' }];
    let pending: FetchChunk[] = [];
    let batched = 0;
    try {
      for (const entry of entries) {
        const sequence = view.seqOf(entry.uid);
        if (sequence === undefined) continue;
        const summary = summaries?.get(entry.uid) ?? null;
        const rendered = await renderFetchItems(ctx.mail.blobs, { entry: view.recent.show(entry), summary }, seenNow.has(entry.uid) ? withFlags : items);
        pending.push(...buildFetchResponse(sequence, rendered));
        batched += 1;
        if (batched >= BATCH) {
          await ctx.writeChunks(pending);
          pending = [];
          batched = 0;
        }
      }
    } catch (err) {
      if (!(err instanceof UnknownEncodingError)) throw err;
      await ctx.writeChunks(pending);
      return { status: 'NO', code: { name: 'UNKNOWN-CTE' }, text: err.message };
    }
    if (pending.length > 0) await ctx.writeChunks(pending);
    return { status: 'OK', text: 'FETCH completed' };
  },
});
