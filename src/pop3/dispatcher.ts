// From a command line to its reply: parse, route, state check, run, and the one place where errors
// become replies (`-ERR [SYS/TEMP]`, the cause logged with its stack, never on the wire). Also counts
// invalid commands (unknown, malformed, wrong state); past `max_bad_commands` the session closes.
import type { Logger } from '../log/index.ts';
import { endsSession } from './session-errors.ts';
import { commandNamed } from './commands/index.ts';
import type { CommandContext, CommandResult } from './commands/command.ts';
import { err } from './commands/command.ts';
import { internalError } from './replies.ts';
import { parseCommand } from './wire/index.ts';

export interface Outcome {
  readonly result: CommandResult;
  /** Too many invalid commands: answer, then close. */
  readonly disconnect: boolean;
}

const PHASE_NAMES = { authorization: 'AUTHORIZATION', transaction: 'TRANSACTION', closed: 'UPDATE' } as const;

export class Pop3Dispatcher {
  readonly #logger: Logger;
  readonly #maxBad: () => number;
  #bad = 0;

  constructor(logger: Logger, maxBad: () => number) {
    this.#logger = logger;
    this.#maxBad = maxBad;
  }

  /** Parses and runs one command; throws only when the connection ended under it (endsSession). */
  async execute(ctx: CommandContext, line: string): Promise<Outcome> {
    const parsed = parseCommand(line);
    if (!parsed.ok) return this.#invalid(parsed.text);
    const handler = commandNamed(parsed.command.name);
    const phase = ctx.state.phase;
    if (!handler.allows(phase)) return this.#invalid(`${handler.name} is not valid in the ${PHASE_NAMES[phase]} state`);
    try {
      return { result: await handler.run(ctx, parsed.command), disconnect: false };
    } catch (error) {
      if (endsSession(error)) throw error;
      this.#logger.error({ err: error, session: ctx.sessionId, command: handler.name }, 'command failed');
      return { result: internalError, disconnect: false };
    }
  }

  #invalid(text: string): Outcome {
    this.#bad += 1;
    if (this.#bad < this.#maxBad()) return { result: err(text), disconnect: false };
    return { result: err(`${text}; too many invalid commands, closing the connection`), disconnect: true };
  }
}
