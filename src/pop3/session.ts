// One POP3 session: greeting, the command loop, the context commands run with, STLS, streaming of
// RETR/TOP bodies, and the endings (QUIT, idle timeout, too many invalid commands, shutdown).
//
// Concurrency rules:
// 1. One command at a time per connection. Pipelined commands (RFC 2449 §6.6) wait, framed, in the
//    LineReader; a command's whole response is written before the next line is read, so responses
//    come in the order of the commands.
// 2. Nothing is written between commands: POP3 has no unsolicited responses. A shutdown closes a
//    session that waits for the client, and lets a running command finish first.
// 3. The maildrop is a snapshot taken at login and only this session changes its marks; the store is
//    written once, at QUIT (UPDATE). Commands never hold a store transaction across a socket write.
// 4. Writes await back-pressure (drain), so a slow reader of a large RETR does not fill memory; the
//    body goes from the blob stream through the DotStuffer chunk by chunk.
// 5. The maildrop lock taken at login is released when the session ends, however it ends; a dropped
//    connection removes nothing (RFC 1939 §6: only QUIT enters UPDATE).
import type { Authenticator } from '../auth/index.ts';
import type { Logger } from '../log/index.ts';
import type { MailService } from '../mail/types.ts';
import { serverTlsContext, type TlsProvider } from '../tls/index.ts';
import { capabilities } from './capabilities.ts';
import type { CommandContext, CommandResult, MessageBody } from './commands/command.ts';
import { ConnectionClosed, IdleTimeout, type Pop3Connection } from './connection.ts';
import { Pop3Dispatcher } from './dispatcher.ts';
import type { MaildropLocks } from './maildrop-lock.ts';
import type { SessionState } from './session-state.ts';
import type { Pop3Settings } from './settings.ts';
import { DotStuffer, formatChallenge, formatErr, formatLines, formatOk } from './wire/index.ts';

export const GREETING = 'Mailstead POP3 ready';
/** The longest a STLS or implicit-TLS handshake may take. */
export const TLS_HANDSHAKE_TIMEOUT_MS = 60_000;

export interface Pop3SessionOptions {
  readonly id: string;
  readonly connection: Pop3Connection;
  readonly listener: { readonly startTls: boolean; readonly requireTls: boolean };
  readonly settings: () => Pop3Settings;
  readonly mail: MailService;
  readonly authenticator: Authenticator;
  readonly locks: MaildropLocks;
  readonly tls: TlsProvider | null;
  readonly logger: Logger;
}

export class Pop3Session {
  readonly #options: Pop3SessionOptions;
  readonly #connection: Pop3Connection;
  readonly #dispatcher: Pop3Dispatcher;
  readonly #logger: Logger;
  readonly #context: CommandContext;
  #state: SessionState = { phase: 'authorization', user: null };
  /** The account whose maildrop lock this session holds. */
  #locked: number | null = null;
  #waiting = false;
  #shuttingDown = false;

  constructor(options: Pop3SessionOptions) {
    this.#options = options;
    this.#connection = options.connection;
    this.#logger = options.logger;
    this.#dispatcher = new Pop3Dispatcher(options.logger, () => options.settings().max_bad_commands);
    this.#context = this.#makeContext();
  }

  async run(): Promise<void> {
    try {
      // RFC 1939 §4; no APOP timestamp: APOP needs passwords in clear text on the server.
      await this.#connection.write(formatOk(GREETING));
      while (!this.#shuttingDown && this.#state.phase !== 'closed') {
        if (!(await this.#step())) break;
      }
    } catch (error) {
      if (error instanceof IdleTimeout) {
        this.#logger.info({ session: this.#options.id }, 'idle timeout');
        await this.#connection.write(formatErr('Disconnected for inactivity')).catch(() => {});
      } else if (!(error instanceof ConnectionClosed)) throw error;
    } finally {
      if (this.#locked !== null) this.#options.locks.release(this.#locked);
      await this.#connection.close();
    }
  }

  /** Server shutdown: close now if the session waits for the client, else after the current command. */
  shutdown(): void {
    this.#shuttingDown = true;
    if (this.#waiting) void this.#connection.close();
  }

  destroy(): void {
    this.#connection.destroy();
  }

  /** Reads and answers one command; false when the session is over. */
  async #step(): Promise<boolean> {
    const timeout = this.#options.settings().idle_timeout;
    this.#waiting = true;
    const event = await this.#connection.nextLine(timeout).finally(() => (this.#waiting = false));
    if (event.kind === 'too-long') {
      await this.#connection.write(formatErr('Line too long, closing the connection'));
      return false;
    }
    const outcome = await this.#dispatcher.execute(this.#context, event.text);
    await this.#reply(outcome.result);
    if (outcome.disconnect) return false;
    if (outcome.result.after === 'quit') return false;
    if (outcome.result.after === 'stls') return this.#startTls();
    return true;
  }

  async #startTls(): Promise<boolean> {
    const tls = this.#options.tls;
    if (tls === null) return false;
    try {
      await this.#connection.startTls(serverTlsContext(tls), TLS_HANDSHAKE_TIMEOUT_MS);
    } catch (error) {
      this.#logger.info({ session: this.#options.id, err: error instanceof Error ? error.message : String(error) }, 'TLS handshake failed');
      return false;
    }
    return true;
  }

  async #reply(result: CommandResult): Promise<void> {
    const status = result.ok ? formatOk(result.text) : formatErr(result.text, result.code ?? null);
    await this.#connection.write(result.lines === undefined ? status : status + formatLines(result.lines));
    if (result.body !== undefined) await this.#writeMessage(result.body);
  }

  /** RETR/TOP: prefix and blob through the DotStuffer, chunk by chunk (RFC 1939 §3 byte-stuffing). */
  async #writeMessage({ message, topLines }: MessageBody): Promise<void> {
    const stuffer = new DotStuffer(topLines);
    const prefix = Buffer.from(message.prefix, 'utf8');
    let read = prefix.length;
    if (prefix.length > 0) await this.#connection.write(stuffer.push(prefix));
    if (!stuffer.done) {
      for await (const part of this.#options.mail.blobs.open(message.blobHash)) {
        const bytes = part as Buffer;
        read += bytes.length;
        const out = stuffer.push(bytes);
        if (out.length > 0) await this.#connection.write(out);
        if (stuffer.done) break;
      }
    }
    if (topLines === null && read !== message.size) {
      // The client would take a short message for the whole one: the connection cannot continue.
      this.#connection.destroy();
      throw new Error(`blob ${message.blobHash} gave ${read} of ${message.size} octets`);
    }
    await this.#connection.write(stuffer.end());
  }

  async #requestLine(challenge: string): Promise<string | null> {
    await this.#connection.write(formatChallenge(challenge));
    const event = await this.#connection.nextLine(this.#options.settings().idle_timeout);
    if (event.kind === 'too-long') {
      await this.#connection.write(formatErr('Line too long, closing the connection'));
      throw new ConnectionClosed('line too long');
    }
    return event.text === '*' ? null : event.text;
  }

  #makeContext(): CommandContext {
    const session = this;
    const options = this.#options;
    return {
      sessionId: options.id,
      get state() {
        return session.#state;
      },
      setState: (next) => {
        if (next.phase === 'transaction') this.#locked = next.account.id;
        this.#state = next;
      },
      mail: options.mail,
      authenticator: options.authenticator,
      locks: options.locks,
      get settings() {
        return options.settings();
      },
      logger: options.logger,
      get tls() {
        return session.#connection.tls;
      },
      get startTlsOffered() {
        return options.listener.startTls && options.tls !== null && !session.#connection.tls;
      },
      get loginAllowed() {
        return session.#connection.tls || !options.listener.requireTls;
      },
      capabilities: () =>
        capabilities({ phase: this.#state.phase, startTlsOffered: this.#context.startTlsOffered, loginAllowed: this.#context.loginAllowed }),
      requestLine: (challenge) => this.#requestLine(challenge),
    };
  }
}
