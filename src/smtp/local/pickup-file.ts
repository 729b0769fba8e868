// One file of the pickup folder: delivered and removed, set aside in `bad/` with a `.err` file saying
// why, or left for a later scan.
//
// - Delivered (every recipient, or some with the others refused): the file is removed right after the
//   commit. A crash between the commit and the unlink delivers it again at the next scan: the duplicate
//   RFC 5321 §6.1 accepts over a loss. Refused recipients are logged at warn.
// - Permanent problems (malformed header section, no sender, no recipients, every recipient refused
//   permanently, larger than `smtp.max_message_size`): moved to `bad/NAME` with `bad/NAME.err`. The
//   `.err` file is written first, so a crash in between leaves the message in `pickup/`, never a
//   message in `bad/` without its explanation. An existing `bad/NAME` is never overwritten.
// - Temporary problems (store unavailable, a 4xx verdict such as a full mailbox): left in place.
import { randomBytes } from 'node:crypto';
import { access, mkdir, open, rename, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { DeliveryTarget } from '../../delivery/types.ts';
import type { Logger } from '../../log/index.ts';
import { submitLocal, type LocalLimits, type RefusedRecipient } from './submit.ts';

export interface PickupFileContext {
  /** The pickup folder. */
  dir: string;
  delivery: DeliveryTarget;
  hostname: string;
  limits: LocalLimits;
  /** Appended to bare names (`root`). */
  localDomain: string | null;
  logger: Logger;
  clock: () => number;
}

/**
 * delivered: done and removed; bad: moved to bad/; retry: left for a later scan; gone: removed by
 * someone else; kept: delivered, but it could not be removed (it must not be delivered again).
 */
export type PickupFileResult = 'delivered' | 'bad' | 'retry' | 'gone' | 'kept';

export const BAD_DIR = 'bad';

function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}

export async function deliverPickupFile(name: string, size: number, ctx: PickupFileContext): Promise<PickupFileResult> {
  const path = join(ctx.dir, name);
  const sessionId = randomBytes(5).toString('hex');
  const logger = ctx.logger.child({ file: name, session: sessionId });
  if (size > ctx.limits.maxMessageSize) {
    const reason = `the file is larger than smtp.max_message_size (${size} > ${ctx.limits.maxMessageSize} octets)`;
    return setAside(name, reason, [], ctx, logger);
  }
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return 'gone';
    throw err;
  }
  const outcome = await submitLocal(file.createReadStream(), {
    delivery: ctx.delivery,
    hostname: ctx.hostname,
    origin: 'pickup',
    rules: { recipients: [], recipientsFromHeaders: true, envelopeFields: true, localDomain: ctx.localDomain },
    limits: ctx.limits,
    declaredSize: size,
    logger,
    clock: ctx.clock,
    sessionId,
  });
  // Closed before the file is removed or moved (Windows refuses both while it is open).
  await file.close();
  switch (outcome.status) {
    case 'delivered': {
      let result: PickupFileResult = 'delivered';
      try {
        await unlink(path);
      } catch (err) {
        if (!isErrno(err, 'ENOENT')) {
          logger.error({ err, messageId: outcome.messageId }, 'pickup file delivered but not removed: remove it, or it is delivered again at the next start');
          result = 'kept';
        }
      }
      logger.info({ messageId: outcome.messageId, sender: outcome.sender, recipients: outcome.accepted }, 'pickup file delivered');
      if (outcome.refused.length > 0) logger.warn({ messageId: outcome.messageId, refused: outcome.refused }, 'pickup file: some recipients were refused');
      return result;
    }
    case 'temporary':
      logger.warn({ reason: outcome.reason, refused: outcome.refused }, 'pickup file not delivered, trying again later');
      return 'retry';
    case 'permanent':
      return setAside(name, outcome.reason, outcome.refused, ctx, logger);
  }
}

/** Moves the file to bad/ with its .err file; 'gone' when it vanished meanwhile. */
async function setAside(name: string, reason: string, refused: readonly RefusedRecipient[], ctx: PickupFileContext, logger: Logger): Promise<PickupFileResult> {
  const badDir = join(ctx.dir, BAD_DIR);
  await mkdir(badDir, { recursive: true });
  const target = await freeName(badDir, name, ctx.clock());
  await writeFile(join(badDir, `${target}.err`), errText(name, target, reason, refused, ctx.clock()));
  try {
    await rename(join(ctx.dir, name), join(badDir, target));
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
    await unlink(join(badDir, `${target}.err`)).catch(() => {});
    return 'gone';
  }
  logger.warn({ movedTo: `${BAD_DIR}/${target}`, reason, refused }, 'pickup file not deliverable, moved to bad/');
  return 'bad';
}

/** NAME when neither bad/NAME nor bad/NAME.err exists, else NAME-<time>[-n].eml. */
async function freeName(badDir: string, name: string, now: number): Promise<string> {
  const exists = async (candidate: string): Promise<boolean> =>
    (await access(join(badDir, candidate)).then(() => true, () => false)) || (await access(join(badDir, `${candidate}.err`)).then(() => true, () => false));
  if (!(await exists(name))) return name;
  const ext = extname(name);
  const stem = `${name.slice(0, name.length - ext.length)}-${new Date(now).toISOString().replace(/[-:.]/g, '')}`;
  for (let n = 0; ; n++) {
    const candidate = `${stem}${n === 0 ? '' : `-${n}`}${ext}`;
    if (!(await exists(candidate))) return candidate;
  }
}

/** The .err file: for the administrator who opens bad/ to find out what went wrong. */
function errText(name: string, target: string, reason: string, refused: readonly RefusedRecipient[], now: number): string {
  const lines = [`pickup file: ${name}`, `moved to ${BAD_DIR}/${target} at ${new Date(now).toISOString()}`, `reason: ${reason}`];
  if (refused.length > 0) {
    lines.push('refused recipients:');
    for (const r of refused) lines.push(`  ${r.address}: ${r.reason}`);
  }
  lines.push('', 'To try again, correct the message and move it back into pickup/ under a name ending in .eml.');
  return `${lines.join('\n')}\n`;
}
