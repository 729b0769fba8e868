// What a command is: a descriptor (name, the phases it may run in, whether untagged EXPUNGE may follow
// it, run) and the context a run gets from its session. One file per command in this folder; index.ts
// registers them in a table typed by command name, so a missing handler does not compile.
import type { Logger } from '../../log/index.ts';
import type { MailService } from '../../mail/types.ts';
import type { Authenticator } from '../../auth/index.ts';
import type { FetchChunk, ImapCommand, ImapCommandName, ResponseCode } from '../wire/index.ts';
import type { Phase, SessionState, StateIn } from '../session-state.ts';
import type { ImapSettings } from '../settings.ts';

export interface CommandContext {
  readonly sessionId: string;
  /** The running command's tag: ESEARCH names it in its response (RFC 4731 §3.1 search-correlator). */
  readonly tag: string;
  readonly state: SessionState;
  setState(next: SessionState): void;
  readonly mail: MailService;
  readonly authenticator: Authenticator;
  readonly settings: ImapSettings;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** The connection is encrypted (implicit TLS or after STARTTLS). */
  readonly tls: boolean;
  /** Extensions the client turned on with ENABLE (RFC 5161): CONDSTORE, QRESYNC, UTF8=ACCEPT, IMAP4rev2. */
  readonly enabled: ReadonlySet<string>;
  enable(capability: string): void;
  /** Mailbox names are UTF-8 on the wire (UTF8=ACCEPT or IMAP4rev2 enabled), else modified UTF-7. */
  readonly utf8: boolean;
  /** The capabilities to advertise in the current state (RFC 9051 §6.1.1). */
  capabilities(): string[];
  /** Queues an untagged response (without "* " and CRLF); sent before the tagged reply. */
  untagged(data: string): void;
  /** Writes FETCH chunks now, streaming blob ranges from the blob store with back-pressure. */
  writeChunks(chunks: readonly FetchChunk[]): Promise<void>;
  /**
   * Sends a continuation request (`+ prompt`) and returns the client's next line (AUTHENTICATE,
   * RFC 9051 §6.2.2); null when the client answered `*` (cancel).
   */
  requestLine(prompt: string): Promise<string | null>;
  /**
   * IDLE (RFC 2177): sends `+ idling`, then calls `onWake` whenever `wake` resolves, until the client
   * sends DONE; resolves with true on DONE, false on anything else (answered BAD by the caller).
   */
  idle(wake: () => Promise<void>, onWake: () => Promise<void>): Promise<boolean>;
}

/** The tagged reply, and what the session does after sending it. */
export interface CommandResult {
  readonly status: 'OK' | 'NO' | 'BAD';
  readonly code?: ResponseCode;
  readonly text: string;
  /** logout: close after BYE; starttls / compress: start the layer right after the reply. */
  readonly after?: 'logout' | 'starttls' | 'compress';
}

// Distributes over the variants, so a variant shared by several names (`'SELECT' | 'EXAMINE'`) is
// found by each of them, narrowed to that name.
type Named<C, N> = C extends { readonly name: infer M } ? (N extends M ? C & { readonly name: N } : never) : never;
type CommandNamed<N extends ImapCommandName> = Named<ImapCommand, N>;

export interface CommandDescriptor<N extends ImapCommandName, P extends Phase> {
  readonly name: N;
  /** Phases it runs in; elsewhere the dispatcher answers BAD (RFC 9051 §3). */
  readonly phases: readonly P[];
  /**
   * Whether EXPUNGE/VANISHED may be announced after this command. RFC 9051 §7.5.1: not after FETCH,
   * STORE or SEARCH by message number (their UID forms may).
   */
  expungeSafe(command: CommandNamed<N>): boolean;
  run(ctx: CommandContext, state: StateIn<P>, command: CommandNamed<N>): Promise<CommandResult>;
}

export interface Command<N extends ImapCommandName = ImapCommandName> {
  readonly name: N;
  allows(phase: Phase): boolean;
  expungeSafe(command: ImapCommand): boolean;
  run(ctx: CommandContext, command: ImapCommand): Promise<CommandResult>;
}

/** Erases the per-command types so descriptors of different shapes share one table. */
export function defineCommand<N extends ImapCommandName, P extends Phase>(descriptor: CommandDescriptor<N, P>): Command<N> {
  const phases = new Set<Phase>(descriptor.phases);
  const own = (command: ImapCommand): command is CommandNamed<N> => command.name === descriptor.name;
  const inPhase = (state: SessionState): state is StateIn<P> => phases.has(state.phase);
  return {
    name: descriptor.name,
    allows: (phase) => phases.has(phase),
    expungeSafe: (command) => own(command) && descriptor.expungeSafe(command),
    run(ctx, command) {
      // The dispatcher routes by name and checks allows() first; these guards only narrow the types.
      if (!own(command)) throw new Error(`${command.name} routed to ${descriptor.name}`);
      const state = ctx.state;
      if (!inPhase(state)) throw new Error(`${descriptor.name} run in phase ${state.phase}`);
      return descriptor.run(ctx, state, command);
    },
  };
}

export const always = (): boolean => true;
export const never = (): boolean => false;
