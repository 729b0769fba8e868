// From a framed command to its tagged reply: parse, route, phase check, run, and the one place where
// errors become replies. Also counts BAD replies (the session disconnects past `max_bad_commands`)
// and, in the selected state, announces what changed in the mailbox before the tagged reply
// (RFC 9051 §7: untagged EXISTS/FETCH after any command, EXPUNGE only where §7.5.1 allows).
import type { Logger } from '../log/index.ts';
import { StoreOpError } from '../mail/index.ts';
import { endsSession } from './connection.ts';
import { commandNamed } from './commands/index.ts';
import type { Command, CommandContext, CommandResult } from './commands/command.ts';
import type { Phase } from './session-state.ts';
import { parseCommand, type ImapCommand, type ParseErrorCode, type PlainResponseCode, type RawCommand, type ReaderError, type ResponseCode } from './wire/index.ts';

/** What the session writes for one command: untagged lines (queued by the command and the sync), then the reply. */
export interface Outcome {
  readonly tag: string | null;
  readonly result: CommandResult;
  /** Too many BADs, or input the reader cannot frame any more: answer, `* BYE`, close. */
  readonly disconnect: boolean;
}

/** StoreOpError codes (src/mail/types.ts) → response codes (RFC 5530 §3, RFC 9208 §4.3, RFC 6154 §5.3). */
const STORE_ERROR_CODES: Readonly<Record<string, PlainResponseCode>> = {
  'not-found': 'NONEXISTENT',
  exists: 'ALREADYEXISTS',
  'over-quota': 'OVERQUOTA',
  'has-children': 'HASCHILDREN',
  'invalid-special-use': 'USEATTR',
  'in-use': 'INUSE',
  invalid: 'CANNOT',
};

export class ImapDispatcher {
  readonly #logger: Logger;
  readonly #maxBad: () => number;
  #bad = 0;

  constructor(logger: Logger, maxBad: () => number) {
    this.#logger = logger;
    this.#maxBad = maxBad;
  }

  /** Parses and runs one command; throws only when the connection ended under it (endsSession). */
  async execute(ctx: CommandContext, raw: RawCommand): Promise<Outcome> {
    const parsed = parseCommand(raw, { utf8Mailboxes: ctx.utf8, utf8Accept: ctx.enabled.has('UTF8=ACCEPT') });
    if (!parsed.ok) {
      const error = parsed.error;
      const code = error.code === null ? undefined : parseErrorCode(error.code, error.codeArguments);
      return this.#outcome(raw.tag, { status: error.status, code, text: error.text });
    }
    const command = parsed.command;
    const handler = commandNamed(command.name);
    if (!handler.allows(ctx.state.phase)) return this.#outcome(raw.tag, { status: 'BAD', text: wrongPhaseText(handler, ctx.state.phase) });
    let result: CommandResult;
    try {
      result = await handler.run(ctx, command);
    } catch (error) {
      if (endsSession(error)) throw error;
      result = this.#failure(ctx, command, error);
    }
    await this.#announceChanges(ctx, command, handler.expungeSafe(command));
    return this.#outcome(raw.tag, result);
  }

  /** A framing error of the reader (RFC 9051 §7.1 TOOBIG; RFC 7888 §4 for non-synchronizing literals). */
  refuse(error: ReaderError): Outcome {
    const tooBig = error.kind === 'literal-too-large' || error.kind === 'command-too-large';
    const code: ResponseCode | undefined = tooBig ? { name: 'TOOBIG' } : undefined;
    // A refused synchronizing literal was never sent, so the connection stays in step: a plain NO.
    const status = tooBig && !error.fatal ? 'NO' : 'BAD';
    const outcome = this.#outcome(error.tag, { status, code, text: error.text });
    return error.fatal ? { ...outcome, disconnect: true } : outcome;
  }

  /** In the selected state: the untagged lines that announce changes, before the tagged reply. */
  async #announceChanges(ctx: CommandContext, command: ImapCommand, expunges: boolean): Promise<void> {
    const state = ctx.state;
    if (state.phase !== 'selected') return;
    try {
      for (const line of await state.view.sync({ expunges })) ctx.untagged(line);
    } catch (error) {
      this.#logger.error({ err: error, command: command.name }, 'mailbox sync failed');
    }
  }

  #failure(ctx: CommandContext, command: ImapCommand, error: unknown): CommandResult {
    if (error instanceof StoreOpError) {
      const name = error.code === 'not-found' && error.detail?.tryCreate !== undefined ? 'TRYCREATE' : STORE_ERROR_CODES[error.code];
      if (name !== undefined) return { status: 'NO', code: { name }, text: error.message };
    }
    // RFC 5530 §3 SERVERBUG: the cause goes to the log with its stack, never on the wire.
    this.#logger.error({ err: error, session: ctx.sessionId, command: command.name }, 'command failed');
    return { status: 'NO', code: { name: 'SERVERBUG' }, text: 'Internal error, the failure was logged' };
  }

  #outcome(tag: string | null, result: CommandResult): Outcome {
    if (result.status === 'BAD') this.#bad += 1;
    return { tag, result, disconnect: this.#bad >= this.#maxBad() };
  }
}

function wrongPhaseText(handler: Command, phase: Phase): string {
  const name = handler.name;
  if (phase === 'not-authenticated' && handler.allows('authenticated')) return `${name} needs authentication first`;
  if (phase === 'authenticated' && handler.allows('selected')) return `${name} needs a selected mailbox`;
  return `${name} is not valid in the ${phase} state`;
}

function parseErrorCode(code: ParseErrorCode, args: readonly string[]): ResponseCode {
  return code === 'BADCHARSET' ? { name: code, charsets: args } : { name: code };
}
