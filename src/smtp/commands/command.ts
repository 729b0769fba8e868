// What a command is: a descriptor (verb, phases it may run in, whether it needs TLS first, octets
// that follow its line, parse, run) and the context a run gets from its session. Each command is one
// file in this folder; index.ts registers them in a table typed by Verb, so a missing one does not compile.
import type { ClientInfo, DeliveryTarget } from '../../delivery/types.ts';
import type { Account } from '../../mail/types.ts';
import type { Logger } from '../../log/index.ts';
import type { SmtpReply } from '../wire/reply.ts';
import type { ServerTlsContext, TlsInfo } from '../../tls/index.ts';
import type { Greeting, Phase, SessionState } from '../session-state.ts';
import type { SmtpSettings } from '../types.ts';

export const VERBS = ['EHLO', 'HELO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'NOOP', 'QUIT', 'VRFY', 'EXPN', 'HELP', 'STARTTLS', 'AUTH'] as const;
export type Verb = (typeof VERBS)[number];

/** Message bytes of DATA and BDAT, read from the connection. */
export interface MessageInput {
  /** Up to `maxBytes` bytes as soon as any arrive; waits at most `data_timeout` (RFC 5321 §4.5.3.2.5). */
  read(maxBytes: number): Promise<Buffer>;
  /** Gives back bytes read past the end of the data: pipelined commands. */
  unread(bytes: Buffer): void;
  /** Reads and drops exactly `octets` bytes. */
  skip(octets: number): Promise<void>;
}

export interface CommandContext {
  readonly hostname: string;
  /** Current settings: a reload applies to transactions started after it. */
  readonly settings: SmtpSettings;
  readonly state: SessionState;
  setState(next: SessionState): void;
  readonly sessionId: string;
  /** Negotiated TLS of this connection, or null. */
  readonly tls: TlsInfo | null;
  /** STARTTLS can be offered now: a `starttls` listener, certificates, not yet encrypted. */
  readonly startTlsAvailable: boolean;
  /** The context for STARTTLS; throws when no certificate is available. */
  secureContext(): ServerTlsContext;
  /** Who the client is, for the envelope of a new transaction. */
  clientInfo(greeting: Greeting): ClientInfo;
  /** The client's address, for logs. */
  readonly clientAddress: string;
  /** A submission listener (RFC 6409): AUTH is offered, and MAIL needs it. */
  readonly submission: boolean;
  /** AUTH may run now: a submission listener, encrypted unless the listener lets it go without TLS. */
  readonly authAllowed: boolean;
  /** The account this session authenticated as (RFC 4954), or null. */
  readonly authenticated: Account | null;
  /** Checks the credentials; on success the session is authenticated as the account returned. */
  authenticate(username: string, password: string): Promise<Account | undefined>;
  /** Sends an intermediate reply (334) and reads the client's answer line, CRLF removed. */
  requestLine(reply: SmtpReply): Promise<string | 'too-long'>;
  readonly delivery: DeliveryTarget;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** A new id for a transaction of this session: logs and the Received header carry it. */
  nextTransactionId(): string;
  /** Sends an intermediate reply (354) ahead of the command's final one. */
  send(reply: SmtpReply): void;
  readonly input: MessageInput;
}

/** A final reply, or a final reply after which the session closes or starts TLS. */
export type CommandOutcome =
  | SmtpReply
  | { reply: SmtpReply; next: 'close' }
  | { reply: SmtpReply; next: 'start-tls'; context: ServerTlsContext };

export type ParseResult<A> = { ok: true; args: A } | { ok: false; reply: SmtpReply };

type StateIn<P extends Phase> = Extract<SessionState, { phase: P }>;

export interface CommandDescriptor<V extends Verb, A, P extends Phase> {
  readonly verb: V;
  /** Phases it runs in; elsewhere the dispatcher answers 503 (RFC 5321 §4.1.4). */
  readonly phases: readonly P[];
  /** Refused with 530 on an `encryption = "required"` listener before STARTTLS (RFC 3207 §4). */
  readonly needsTls?: boolean;
  /** Octets that follow the command line and belong to it even when it is refused (BDAT, RFC 3030 §2). */
  payloadOctets?(args: A): number;
  parse(args: string): ParseResult<A>;
  run(ctx: CommandContext, state: StateIn<P>, args: A): Promise<CommandOutcome>;
}

/** A parsed command, ready to run. */
export interface Invocation {
  readonly payloadOctets: number;
  run(ctx: CommandContext): Promise<CommandOutcome>;
}

export interface Command<V extends Verb = Verb> {
  readonly verb: V;
  readonly needsTls: boolean;
  allows(phase: Phase): boolean;
  parse(args: string): { ok: true; invocation: Invocation } | { ok: false; reply: SmtpReply };
}

/** Erases the argument type behind `parse`, so commands of different shapes share one table. */
export function defineCommand<V extends Verb, A, P extends Phase>(descriptor: CommandDescriptor<V, A, P>): Command<V> {
  const phases = new Set<Phase>(descriptor.phases);
  const inPhase = (state: SessionState): state is StateIn<P> => phases.has(state.phase);
  return {
    verb: descriptor.verb,
    needsTls: descriptor.needsTls ?? false,
    allows: (phase) => phases.has(phase),
    parse(text) {
      const parsed = descriptor.parse(text);
      if (!parsed.ok) return parsed;
      const { args } = parsed;
      return {
        ok: true,
        invocation: {
          payloadOctets: descriptor.payloadOctets?.(args) ?? 0,
          run(ctx) {
            const state = ctx.state;
            // The dispatcher checks allows() first; this guard only narrows the type for run.
            if (!inPhase(state)) throw new Error(`${descriptor.verb} run in phase ${state.phase}`);
            return descriptor.run(ctx, state, args);
          },
        },
      };
    },
  };
}

/** parse() of commands that take no arguments (RFC 5321 §4.1.1: DATA, RSET, QUIT, STARTTLS). */
export function noArguments(reply: SmtpReply): (args: string) => ParseResult<null> {
  return (args) => (args === '' ? { ok: true, args: null } : { ok: false, reply });
}

/** parse() of commands whose arguments are ignored. */
export function anyArguments(): ParseResult<null> {
  return { ok: true, args: null };
}
