// What a command is: a descriptor (name, the phases it may run in, run) and the context a run gets
// from its session. One file per command in this folder; index.ts registers them in a table typed by
// command name, so a missing handler does not compile.
import type { Authenticator } from '../../auth/index.ts';
import type { Logger } from '../../log/index.ts';
import type { MailService } from '../../mail/types.ts';
import type { MaildropLocks } from '../maildrop-lock.ts';
import type { MaildropMessage } from '../maildrop.ts';
import type { Phase, SessionState, StateIn } from '../session-state.ts';
import type { Pop3Settings } from '../settings.ts';
import type { Pop3Command, Pop3CommandName, ResponseCode } from '../wire/index.ts';

export interface CommandContext {
  readonly sessionId: string;
  readonly state: SessionState;
  setState(next: SessionState): void;
  readonly mail: MailService;
  readonly authenticator: Authenticator;
  readonly locks: MaildropLocks;
  readonly settings: Pop3Settings;
  readonly logger: Logger;
  /** The connection is encrypted (implicit TLS or after STLS). */
  readonly tls: boolean;
  /** STLS can be offered: a STARTTLS listener with a certificate, and no TLS yet. */
  readonly startTlsOffered: boolean;
  /** Credentials may be sent now: over TLS, or on a listener that does not require it. */
  readonly loginAllowed: boolean;
  /** The capabilities of the current state (RFC 2449 §5). */
  capabilities(): string[];
  /** Sends a SASL challenge (`+ base64`) and returns the client's line; null when it answered `*`. */
  requestLine(challenge: string): Promise<string | null>;
}

/** A message RETR or TOP streams after its `+OK` line. */
export interface MessageBody {
  readonly message: MaildropMessage;
  /** TOP's body lines; null for RETR (the whole message). */
  readonly topLines: number | null;
}

/** The status line, an optional multi-line body, and what the session does after writing them. */
export interface CommandResult {
  readonly ok: boolean;
  readonly code?: ResponseCode;
  readonly text: string;
  /** Lines of a multi-line response (LIST, UIDL, CAPA), byte-stuffed and terminated when written. */
  readonly lines?: readonly string[];
  readonly body?: MessageBody;
  /** quit: close after the reply; stls: start TLS after it. */
  readonly after?: 'quit' | 'stls';
}

/** The variant named N (for a variant shared by several names, narrowed to N). */
type CommandNamed<N extends Pop3CommandName> = Pop3Command & { readonly name: N };

export interface CommandDescriptor<N extends Pop3CommandName, P extends Phase> {
  readonly name: N;
  /** Phases it runs in (RFC 1939 §3); elsewhere the dispatcher answers `-ERR`. */
  readonly phases: readonly P[];
  run(ctx: CommandContext, state: StateIn<P>, command: CommandNamed<N>): Promise<CommandResult>;
}

export interface Command<N extends Pop3CommandName = Pop3CommandName> {
  readonly name: N;
  allows(phase: Phase): boolean;
  run(ctx: CommandContext, command: Pop3Command): Promise<CommandResult>;
}

/** Erases the per-command types so descriptors of different shapes share one table. */
export function defineCommand<N extends Pop3CommandName, P extends Phase>(descriptor: CommandDescriptor<N, P>): Command<N> {
  const phases = new Set<Phase>(descriptor.phases);
  const own = (command: Pop3Command): command is CommandNamed<N> => command.name === descriptor.name;
  const inPhase = (state: SessionState): state is StateIn<P> => phases.has(state.phase);
  return {
    name: descriptor.name,
    allows: (phase) => phases.has(phase),
    run(ctx, command) {
      // The dispatcher routes by name and checks allows() first; these guards only narrow the types.
      if (!own(command)) throw new Error(`${command.name} routed to ${descriptor.name}`);
      const state = ctx.state;
      if (!inPhase(state)) throw new Error(`${descriptor.name} run in phase ${state.phase}`);
      return descriptor.run(ctx, state, command);
    },
  };
}

export const ok = (text: string, extra: Omit<CommandResult, 'ok' | 'text'> = {}): CommandResult => ({ ok: true, text, ...extra });
export const err = (text: string, code?: ResponseCode): CommandResult => (code === undefined ? { ok: false, text } : { ok: false, text, code });
