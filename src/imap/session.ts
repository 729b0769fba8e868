// One IMAP session: greeting, the command loop, the context commands run with, and the layers
// (STARTTLS, COMPRESS) and endings (LOGOUT, timeouts, too many BADs, shutdown).
//
// Concurrency rules (RFC 9051 §5.5 allows pipelining; we serialise):
// 1. One command at a time per connection. Pipelined commands wait, framed, in the CommandReader; a
//    command's tagged reply is written before the next command is read.
// 2. Untagged responses a command queues (ctx.untagged) and the mailbox changes the dispatcher syncs
//    are written before its tagged reply; FETCH chunks go out at once, after the queue is flushed, so
//    the order on the wire is the order of the calls.
// 3. Nothing is written between commands except `+ Ready` for a literal, and `* BYE` when the server
//    shuts down or the session times out; during IDLE, changes are written as they are committed.
// 4. Commands never await a socket write inside a store transaction: they read or write through
//    MailService, then write responses. After any await, the selected view revalidates itself (sync).
// 5. Writes await back-pressure (drain), so a slow reader of a large FETCH does not fill memory.
import type { Authenticator } from '../auth/index.ts';
import type { Logger } from '../log/index.ts';
import type { MailService } from '../mail/types.ts';
import { serverTlsContext, type TlsProvider } from '../tls/index.ts';
import { advertisedCapabilities } from './capabilities.ts';
import type { CommandContext, CommandResult } from './commands/command.ts';
import { ConnectionClosed, IdleTimeout, type ImapConnection, type LineInput } from './connection.ts';
import { ImapDispatcher, type Outcome } from './dispatcher.ts';
import type { SessionState } from './session-state.ts';
import type { ImapSettings } from './settings.ts';
import { formatContinuation, formatResponseCode, formatStatusResponse, formatUntagged, type FetchChunk } from './wire/index.ts';

export interface ImapSessionOptions {
  readonly id: string;
  readonly connection: ImapConnection;
  readonly listener: { readonly startTls: boolean; readonly requireTls: boolean };
  readonly settings: () => ImapSettings;
  readonly mail: MailService;
  readonly authenticator: Authenticator;
  readonly tls: TlsProvider | null;
  readonly logger: Logger;
  readonly clock: () => Date;
}

export class ImapSession {
  readonly #options: ImapSessionOptions;
  readonly #connection: ImapConnection;
  readonly #dispatcher: ImapDispatcher;
  readonly #logger: Logger;
  readonly #context: CommandContext;
  #state: SessionState = { phase: 'not-authenticated' };
  readonly #enabled = new Set<string>();
  #untagged: string[] = [];
  /** The tag of the command running now (ctx.tag). */
  #tag = '';
  /** Waiting for the client (between commands, or idling): a BYE may be written now. */
  #waiting = false;
  #shuttingDown = false;

  constructor(options: ImapSessionOptions) {
    this.#options = options;
    this.#connection = options.connection;
    this.#logger = options.logger;
    this.#dispatcher = new ImapDispatcher(options.logger, () => options.settings().max_bad_commands);
    this.#context = this.#makeContext();
  }

  async run(): Promise<void> {
    try {
      await this.#write(`* OK [${formatResponseCode({ name: 'CAPABILITY', capabilities: this.#capabilities() })}] Mailstead ready\r\n`);
      while (!this.#shuttingDown && this.#state.phase !== 'logout') {
        if (!(await this.#step())) break;
      }
      if (this.#shuttingDown && this.#state.phase !== 'logout') await this.#bye('Server shutting down');
    } catch (error) {
      if (error instanceof IdleTimeout) await this.#bye('Autologout; idle for too long').catch(() => {});
      else if (!(error instanceof ConnectionClosed)) throw error;
    } finally {
      if (this.#state.phase === 'selected') this.#state.view.close();
      await this.#connection.close();
    }
  }

  /** Server shutdown: BYE now if the session waits for the client, else after the current command. */
  shutdown(): void {
    this.#shuttingDown = true;
    if (this.#waiting) {
      void this.#bye('Server shutting down')
        .catch(() => {})
        .finally(() => void this.#connection.close());
    }
  }

  destroy(): void {
    this.#connection.destroy();
  }

  /** Reads and answers one input event; false when the session is over. */
  async #step(): Promise<boolean> {
    const event = await this.#waitFor(() => this.#connection.nextEvent(this.#timeout()));
    switch (event.kind) {
      case 'continue':
        await this.#write(formatContinuation('Ready'));
        return true;
      case 'error': {
        const outcome = this.#dispatcher.refuse(event.error);
        await this.#reply(outcome);
        if (!outcome.disconnect) return true;
        await this.#bye(event.error.fatal ? 'Cannot read the rest of the input' : 'Too many invalid commands');
        return false;
      }
      case 'command': {
        this.#tag = event.command.tag;
        const outcome = await this.#dispatcher.execute(this.#context, event.command);
        await this.#reply(outcome);
        if (outcome.disconnect) {
          await this.#bye('Too many invalid commands');
          return false;
        }
        return this.#after(outcome.result);
      }
    }
  }

  async #after(result: CommandResult): Promise<boolean> {
    switch (result.after) {
      case 'logout':
        return false;
      case 'starttls': {
        const tls = this.#options.tls;
        if (tls === null) return false;
        try {
          await this.#connection.startTls(serverTlsContext(tls), this.#options.settings().preauth_timeout);
        } catch (error) {
          this.#logger.info({ session: this.#options.id, err: error instanceof Error ? error.message : String(error) }, 'TLS handshake failed');
          return false;
        }
        return true;
      }
      case 'compress':
        await this.#connection.startCompression();
        return true;
      default:
        return true;
    }
  }

  async #reply(outcome: Outcome): Promise<void> {
    const { status, code, text } = outcome.result;
    await this.#flushUntagged();
    await this.#write(formatStatusResponse({ tag: outcome.tag, status, code: code ?? null, text }));
  }

  async #bye(text: string): Promise<void> {
    if (!this.#connection.open) return;
    await this.#write(formatStatusResponse({ tag: null, status: 'BYE', code: null, text }));
  }

  /** Writes a response batch and ends it (the DEFLATE sync flush). */
  async #write(text: string): Promise<void> {
    await this.#connection.write(text);
    this.#connection.flush();
  }

  async #flushUntagged(): Promise<void> {
    if (this.#untagged.length === 0) return;
    const text = this.#untagged.map(formatUntagged).join('');
    this.#untagged = [];
    await this.#connection.write(text);
  }

  /** Marks the session as waiting for the client while `read` runs (shutdown may then BYE at once). */
  async #waitFor<T>(read: () => Promise<T>): Promise<T> {
    this.#waiting = true;
    try {
      return await read();
    } finally {
      this.#waiting = false;
    }
  }

  /** RFC 9051 §5.4: the autologout timer is at least 30 minutes after login; before it, shorter. */
  #timeout(): number {
    const settings = this.#options.settings();
    return this.#state.phase === 'not-authenticated' ? settings.preauth_timeout : settings.idle_timeout;
  }

  #capabilities(): string[] {
    const connection = this.#connection;
    const listener = this.#options.listener;
    return advertisedCapabilities({
      phase: this.#state.phase,
      tls: connection.tls,
      startTlsOffered: listener.startTls && this.#options.tls !== null,
      loginAllowed: connection.tls || !listener.requireTls,
      compressed: connection.compressed,
      settings: this.#options.settings(),
    });
  }

  async #writeChunks(chunks: readonly FetchChunk[]): Promise<void> {
    await this.#flushUntagged();
    // Adjacent text is joined into one write: a FETCH of 1:* is a few short strings per message, and
    // one socket write per string costs more than rendering them (issue 4's 100,000-message bound).
    let text = '';
    for (const chunk of chunks) {
      if (typeof chunk === 'string') {
        text += chunk;
        continue;
      }
      if (text !== '') {
        await this.#connection.write(text);
        text = '';
      }
      if (chunk instanceof Uint8Array) {
        await this.#connection.write(chunk);
        continue;
      }
      let written = 0;
      for await (const part of this.#options.mail.blobs.open(chunk.source, { start: chunk.offset, end: chunk.offset + chunk.length })) {
        const bytes = part as Buffer;
        written += bytes.length;
        await this.#connection.write(bytes);
      }
      if (written !== chunk.length) {
        // The literal announced `length` octets: with fewer, the client would read our next response
        // as message data, so the connection cannot continue.
        this.#connection.destroy();
        throw new Error(`blob ${chunk.source} has ${written} of ${chunk.length} octets at ${chunk.offset}`);
      }
    }
    if (text !== '') await this.#connection.write(text);
    this.#connection.flush();
  }

  async #requestLine(prompt: string): Promise<string | null> {
    await this.#write(formatContinuation(prompt));
    const line = await this.#lineText(await this.#connection.nextLine(this.#timeout()));
    return line === '*' ? null : line;
  }

  async #idle(wake: () => Promise<void>, onWake: () => Promise<void>): Promise<boolean> {
    await this.#write(formatContinuation('idling'));
    return this.#waitFor(async () => {
      const line = this.#connection.nextLine(this.#options.settings().idle_timeout);
      // Settled by the race below or, after a wake-up, by a later one; never left unobserved.
      line.catch(() => {});
      for (;;) {
        const woke = await Promise.race([line.then(() => false), wake().then(() => true)]);
        if (!woke) return (await this.#lineText(await line)).toUpperCase() === 'DONE';
        this.#waiting = false;
        await onWake();
        await this.#flushUntagged();
        this.#connection.flush();
        this.#waiting = true;
        if (this.#shuttingDown) throw new ConnectionClosed();
      }
    });
  }

  /**
   * A bare line's text. A framing error there (a line over max_line_length) cannot be recovered from:
   * the client hears why, as after a command line (`* BAD`, then `* BYE`, RFC 9051 §7.1.5), and the session ends.
   */
  async #lineText(input: LineInput): Promise<string> {
    if (input.kind === 'line') return input.text;
    await this.#reply(this.#dispatcher.refuse(input.error));
    await this.#bye('Cannot read the rest of the input');
    throw new ConnectionClosed(input.error.text);
  }

  #makeContext(): CommandContext {
    const session = this;
    const options = this.#options;
    return {
      sessionId: options.id,
      get tag() {
        return session.#tag;
      },
      get state() {
        return session.#state;
      },
      setState: (next) => {
        this.#state = next;
      },
      mail: options.mail,
      authenticator: options.authenticator,
      get settings() {
        return options.settings();
      },
      logger: options.logger,
      clock: options.clock,
      get tls() {
        return session.#connection.tls;
      },
      enabled: this.#enabled,
      enable: (capability) => {
        this.#enabled.add(capability);
      },
      get utf8() {
        return session.#enabled.has('UTF8=ACCEPT') || session.#enabled.has('IMAP4rev2');
      },
      capabilities: () => this.#capabilities(),
      untagged: (data) => {
        this.#untagged.push(data);
      },
      writeChunks: (chunks) => this.#writeChunks(chunks),
      requestLine: (prompt) => this.#requestLine(prompt),
      idle: (wake, onWake) => this.#idle(wake, onWake),
    };
  }
}
