// Turns one command line into exactly one final reply: command and error limits, HTTP detection,
// lookup, parsing, phase checks, the TLS requirement, and the one place where an unexpected error
// becomes `451 4.3.0` (logged with its stack; never a stack on the wire). The session performs the
// step it returns: go on, close, or start TLS.
import type { Logger } from '../log/index.ts';
import type { ServerTlsContext } from '../tls/index.ts';
import { findCommand, type CommandContext, type Verb } from './commands/index.ts';
import { ConnectionClosed, IdleTimeout, type CommandLineInput } from './connection.ts';
import * as replies from './replies.ts';
import type { SmtpReply } from './replies.ts';
import type { Phase } from './session-state.ts';
import { parseCommandLine } from './wire/command-line.ts';

export type DispatchStep =
  | { next: 'continue' }
  /** `quit`: the client asked; `limit`: a limit or a protocol violation ended it. */
  | { next: 'close'; reason: 'quit' | 'limit' }
  | { next: 'start-tls'; reply: SmtpReply; context: ServerTlsContext };

export interface DispatchLimits {
  maxErrors: number;
  maxCommands: number;
  /** The listener wants STARTTLS before MAIL (`encryption = "required"`). */
  requireTls: boolean;
}

/** What a browser or proxy sends first; Postfix's smtpd_forbidden_commands. */
const HTTP_VERBS = new Set(['GET', 'POST', 'CONNECT']);

const CONTINUE: DispatchStep = { next: 'continue' };
const CLOSE: DispatchStep = { next: 'close', reason: 'limit' };

export class CommandDispatcher {
  readonly #limits: DispatchLimits;
  readonly #logger: Logger;
  #commands = 0;
  #errors = 0;

  constructor(limits: DispatchLimits, logger: Logger) {
    this.#limits = limits;
    this.#logger = logger;
  }

  get commands(): number {
    return this.#commands;
  }

  async dispatch(input: CommandLineInput, ctx: CommandContext): Promise<DispatchStep> {
    this.#commands++;
    if (this.#commands > this.#limits.maxCommands) {
      this.#logger.warn({ limit: this.#limits.maxCommands }, 'too many commands');
      ctx.send(replies.tooManyCommands);
      return CLOSE;
    }
    if (input.kind === 'too-long') return this.#reply(ctx, replies.lineTooLong);
    const line = parseCommandLine(input.bytes);
    if (!line.ok) return this.#reply(ctx, replies.invalidCharacters);
    if (HTTP_VERBS.has(line.verb)) {
      this.#logger.warn({ verb: line.verb }, 'HTTP request on the SMTP port');
      ctx.send(replies.protocolViolation);
      return CLOSE;
    }
    const command = findCommand(line.verb);
    if (!command) return this.#reply(ctx, replies.unknownCommand);
    const parsed = command.parse(line.args);
    if (!parsed.ok) return this.#reply(ctx, parsed.reply);
    const { invocation } = parsed;
    const phase = ctx.state.phase;
    if (!command.allows(phase)) {
      await ctx.input.skip(invocation.payloadOctets);
      return this.#reply(ctx, outOfSequence(phase, command.verb));
    }
    if (command.needsTls && this.#limits.requireTls && ctx.tls === null) {
      await ctx.input.skip(invocation.payloadOctets);
      return this.#reply(ctx, replies.mustStartTls);
    }
    try {
      const outcome = await invocation.run(ctx);
      if (!('next' in outcome)) return this.#reply(ctx, outcome);
      if (outcome.next === 'start-tls') return { next: 'start-tls', reply: outcome.reply, context: outcome.context };
      ctx.send(outcome.reply);
      return { next: 'close', reason: 'quit' };
    } catch (err) {
      if (err instanceof ConnectionClosed || err instanceof IdleTimeout) throw err;
      this.#logger.error({ err, verb: command.verb }, 'command failed');
      return this.#reply(ctx, replies.temporaryFailure);
    }
  }

  /** Sends a final reply; after `max_errors` protocol errors the session is closed with 421. */
  #reply(ctx: CommandContext, reply: SmtpReply): DispatchStep {
    ctx.send(reply);
    if (!replies.isProtocolError(reply)) return CONTINUE;
    this.#errors++;
    if (this.#errors < this.#limits.maxErrors) return CONTINUE;
    this.#logger.warn({ limit: this.#limits.maxErrors }, 'too many errors');
    ctx.send(replies.tooManyErrors);
    return CLOSE;
  }
}

/** The 503 for a command in the wrong phase (RFC 5321 §4.1.4), worded for what is missing. */
function outOfSequence(phase: Phase, verb: Verb): SmtpReply {
  if (phase === 'connected' && verb === 'MAIL') return replies.needHelo;
  if (phase === 'connected' || phase === 'ready') return replies.needMail;
  if (verb === 'MAIL') return replies.nestedMail;
  return replies.badSequence;
}
