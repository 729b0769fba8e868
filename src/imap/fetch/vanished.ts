// UID FETCH … (CHANGEDSINCE m VANISHED) (RFC 7162 §3.2.6): the UIDs of the requested set expunged after
// MODSEQ m, announced as `VANISHED (EARLIER)` before the FETCH responses. When the change log no longer
// reaches back to m, every UID of the set that is not in the mailbox is reported: a superset is allowed
// (RFC 7162 §3.2.6: the server may include UIDs the client never saw).
import type { MailService } from '../../mail/index.ts';
import type { MailboxView } from '../mailbox-view.ts';
import type { SequenceSet } from '../wire/index.ts';

function contains(set: Extract<SequenceSet, { kind: 'ranges' }>, uid: number, max: number): boolean {
  return set.ranges.some((range) => {
    const a = range.start === '*' ? max : range.start;
    const b = range.end === '*' ? max : range.end;
    return uid >= Math.min(a, b) && uid <= Math.max(a, b);
  });
}

export async function vanishedSince(mail: MailService, view: MailboxView, set: SequenceSet, modseq: number): Promise<number[]> {
  if (set.kind === 'saved') return [];
  const changes = await mail.changesSince(view.mailboxId, modseq);
  const status = await mail.mailboxStatus(view.mailboxId);
  const max = status.uidNext - 1;
  if (changes.kind === 'changes') return changes.expunged.filter((uid) => contains(set, uid, max)).sort((a, b) => a - b);
  const present = new Set((await mail.listFlags(view.mailboxId)).map((entry) => entry.uid));
  const vanished: number[] = [];
  for (let uid = 1; uid <= max; uid++) if (!present.has(uid) && contains(set, uid, max)) vanished.push(uid);
  return vanished;
}
