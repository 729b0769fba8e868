// One SMTP session on one connection: greeting, the command loop, STARTTLS, timeouts, shutdown.
//
// Concurrency rules, enforced by the shape of run():
// 1. One command at a time per connection. The loop reads a line, awaits its dispatch up to the final
//    reply, and only then reads the next; pipelined commands wait in the connection's buffer, in order
//    (RFC 2920 §3.1), and their replies are flushed together when the loop next waits for input.
// 2. Only the running command changes the state. The server never touches a session's state: it asks
//    it to shut down (acted on between commands, or at once while it idles without a transaction) or
//    destroys its socket.
// 3. A socket error or close during an await (delivery, commit) surfaces at the next read as
//    ConnectionClosed; the loop ends and the transaction still held in the state is aborted. A commit
//    already under way is not interrupted: its result stands although the reply cannot be delivered
//    (the duplicate-message case RFC 5321 §4.1.1.4 accepts).
// 4. A transaction ends exactly once: DATA and BDAT LAST take it out of the state before finish(),
//    every other exit aborts what the state still holds.
// 5. Timeouts run only while we wait for the client: command_timeout for a command line and the TLS
//    handshake, data_timeout inside DATA and BDAT (RFC 5321 §4.5.3.2). Delivery time is not client time.
import { randomBytes } from 'node:crypto';
import type { Authenticator } from '../auth/index.ts';
import type { ClientInfo, DeliveryTarget } from '../delivery/types.ts';
import type { Account } from '../mail/types.ts';
import type { Logger } from '../log/index.ts';
import type { TlsProvider } from '../tls/provider.ts';
import type { NetworkList } from '../util/cidr.ts';
import type { CommandContext, MessageInput } from './commands/index.ts';
import { ConnectionClosed, IdleTimeout, type SmtpConnection } from './connection.ts';
import { CommandDispatcher } from './dispatcher.ts';
import * as replies from './replies.ts';
import type { SmtpReply } from './replies.ts';
import { transactionOf, type Greeting, type SessionState } from './session-state.ts';
import { serverTlsContext, TlsHandshakeError, type ServerTlsContext, type TlsInfo } from '../tls/index.ts';
import type { SmtpSettings } from './types.ts';
import { serializeReply } from './wire/reply.ts';

export interface SessionOptions {
  connection: SmtpConnection;
  /** Client address (IPv4-mapped forms unwrapped) and port. */
  address: string;
  port: number;
  hostname: string;
  /** Settings now: the session's own limits are taken from them at its start. */
  settings: () => SmtpSettings;
  relayNetworks: () => NetworkList;
  delivery: DeliveryTarget;
  tls: TlsProvider | null;
  /** `submission`: AUTH offered and required for mail (RFC 6409 §4.3); `smtp`: the MTA port. */
  listener: { tls: 'none' | 'starttls' | 'implicit'; requireTls: boolean; submission: boolean };
  authenticator: Authenticator;
  logger: Logger;
  clock: () => Date;
}

/** RFC 4954 §4: an AUTH exchange line may be up to 12288 octets. */
const MAX_AUTH_LINE = 12_288;

type EndReason = 'quit' | 'limit' | 'client-closed' | 'timeout' | 'shutdown' | 'destroyed' | 'tls-failed' | 'error';

export class SmtpSession implements CommandContext {
  readonly sessionId = randomBytes(5).toString('hex');
  readonly hostname: string;
  readonly delivery: DeliveryTarget;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly input: MessageInput;
  readonly #options: SessionOptions;
  readonly #connection: SmtpConnection;
  /** This session's limits, fixed at its start. */
  readonly #limits: SmtpSettings;
  readonly #dispatcher: CommandDispatcher;
  #state: SessionState = { phase: 'connected' };
  #authenticated: Account | null = null;
  #transactions = 0;
  #idle = false;
  #shuttingDown = false;
  #endReason: EndReason | null = null;

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#connection = options.connection;
    this.hostname = options.hostname;
    this.delivery = options.delivery;
    this.clock = options.clock;
    this.logger = options.logger.child({ sessionId: this.sessionId });
    this.#limits = options.settings();
    this.#dispatcher = new CommandDispatcher(
      { maxErrors: this.#limits.max_errors, maxCommands: this.#limits.max_commands, requireTls: options.listener.requireTls },
      this.logger,
    );
    const connection = this.#connection;
    const dataTimeout = this.#limits.data_timeout;
    this.input = {
      read: (maxBytes) => connection.read(maxBytes, dataTimeout),
      unread: (bytes) => connection.unread(bytes),
      skip: (octets) => connection.skip(octets, dataTimeout),
    };
  }

  get settings(): SmtpSettings {
    return this.#options.settings();
  }

  get state(): SessionState {
    return this.#state;
  }

  setState(next: SessionState): void {
    this.#state = next;
  }

  get tls(): TlsInfo | null {
    return this.#connection.tls;
  }

  get startTlsAvailable(): boolean {
    return this.#options.listener.tls === 'starttls' && this.#options.tls !== null && this.#connection.tls === null;
  }

  secureContext(): ServerTlsContext {
    if (!this.#options.tls) throw new Error('no TLS provider');
    return serverTlsContext(this.#options.tls);
  }

  get clientAddress(): string {
    return this.#options.address;
  }

  get submission(): boolean {
    return this.#options.listener.submission;
  }

  get authAllowed(): boolean {
    return this.submission && (this.#connection.tls !== null || !this.#options.listener.requireTls);
  }

  get authenticated(): Account | null {
    return this.#authenticated;
  }

  async authenticate(username: string, password: string): Promise<Account | undefined> {
    const account = await this.#options.authenticator.authenticate(username, password);
    if (account !== undefined) this.#authenticated = account;
    return account;
  }

  async requestLine(reply: SmtpReply): Promise<string | 'too-long'> {
    this.send(reply);
    const line = await this.#connection.readLine(MAX_AUTH_LINE, this.#limits.command_timeout);
    if (line.kind === 'too-long') return 'too-long';
    return line.bytes.toString('utf8').replace(/\r$/, '');
  }

  clientInfo(greeting: Greeting): ClientInfo {
    return {
      sessionId: this.sessionId,
      address: this.#options.address,
      port: this.#options.port,
      helo: greeting.name,
      tls: this.#connection.tls,
      authenticatedAs: this.#authenticated?.address ?? null,
      inRelayNetwork: this.#options.relayNetworks().contains(this.#options.address),
      local: false,
    };
  }

  nextTransactionId(): string {
    this.#transactions++;
    return `${this.sessionId}-${this.#transactions}`;
  }

  send(reply: SmtpReply): void {
    this.#connection.send(serializeReply(reply));
  }

  /** Runs the session to its end; never throws. */
  async run(): Promise<void> {
    const started = this.clock().getTime();
    this.logger.info({ address: this.#options.address, port: this.#options.port, tls: this.#connection.tls }, 'connect');
    try {
      await this.#loop();
    } catch (err) {
      this.#endReason ??= this.#reasonFor(err);
    } finally {
      await this.#abortTransaction();
      await this.#connection.close();
      this.logger.info(
        {
          reason: this.#endReason,
          commands: this.#dispatcher.commands,
          transactions: this.#transactions,
          durationMs: this.clock().getTime() - started,
          error: this.#connection.error?.message,
        },
        'disconnect',
      );
    }
  }

  /** The server is closing: idle sessions without a transaction get 421 now, the others after it. */
  shutdown(): void {
    this.#shuttingDown = true;
    if (this.#idle && transactionOf(this.#state) === null) {
      this.#endReason = 'shutdown';
      this.send(replies.shuttingDown(this.hostname));
      void this.#connection.close();
    }
  }

  /** The grace period is over: the socket is cut and run() aborts the transaction. */
  destroy(): void {
    this.#endReason ??= 'destroyed';
    this.#connection.destroy();
  }

  async #loop(): Promise<void> {
    this.send(replies.greeting(this.hostname));
    for (;;) {
      if (this.#shuttingDown && transactionOf(this.#state) === null) {
        this.#endReason = 'shutdown';
        this.send(replies.shuttingDown(this.hostname));
        return;
      }
      this.#idle = true;
      const line = await this.#connection.readLine(this.#limits.max_line_length, this.#limits.command_timeout).finally(() => {
        this.#idle = false;
      });
      const step = await this.#dispatcher.dispatch(line, this);
      if (step.next === 'close') {
        this.#endReason = step.reason;
        return;
      }
      if (step.next === 'start-tls') {
        const tls = await this.#connection.startTls(serializeReply(step.reply), step.context, this.#limits.command_timeout);
        // RFC 3207 §4.2: everything learnt before TLS is forgotten, EHLO and AUTH included.
        this.#state = { phase: 'connected' };
        this.#authenticated = null;
        this.logger.info({ tls }, 'tls started');
      }
    }
  }

  #reasonFor(err: unknown): EndReason {
    if (err instanceof IdleTimeout) {
      this.send(replies.timeout(this.hostname));
      return 'timeout';
    }
    if (err instanceof ConnectionClosed) return 'client-closed';
    if (err instanceof TlsHandshakeError) {
      this.logger.warn({ err: err.message }, 'TLS handshake failed');
      return 'tls-failed';
    }
    this.logger.error({ err }, 'session failed');
    return 'error';
  }

  async #abortTransaction(): Promise<void> {
    const tx = transactionOf(this.#state);
    if (!tx) return;
    this.#state = { phase: 'connected' };
    try {
      await tx.abort();
    } catch (err) {
      this.logger.error({ err, tx: tx.id }, 'aborting the transaction failed');
    }
  }
}
