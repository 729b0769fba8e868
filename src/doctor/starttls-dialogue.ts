// The plain-text opening a client speaks on a STARTTLS listener before its TLS handshake:
//   SMTP and submission (RFC 3207 §4): greeting 220, EHLO (250), STARTTLS → 220;
//   IMAP (RFC 9051 §6.2.1): greeting `* OK`, `a STARTTLS` → `a OK`;
//   POP3 (RFC 2595 §4): greeting `+OK`, `STLS` → `+OK`.
// When `openStartTls` resolves, the server waits for the ClientHello and nothing it sent is left
// unread on the socket. It never times out by itself: the caller bounds the connection and destroys the
// socket, which rejects the read in progress.
import type { Socket } from 'node:net';

export type StartTlsDialect = 'smtp' | 'imap' | 'pop3';

/** The STARTTLS dialect of a listener protocol; undefined when the protocol has none (HTTP). */
export function startTlsDialect(protocol: string): StartTlsDialect | undefined {
  if (protocol === 'smtp' || protocol === 'submission') return 'smtp';
  if (protocol === 'imap' || protocol === 'pop3') return protocol;
  return undefined;
}

/** The server ended the plain-text opening, or refused STARTTLS; the message quotes its reply. */
export class StartTlsError extends Error {
  override readonly name = 'StartTlsError';
}

/** Longest line accepted from the server before the handshake (a multi-line EHLO reply is several lines). */
const MAX_LINE = 4096;

/** Reads CRLF-terminated lines from a plain socket until `release()`. */
class LineReader {
  readonly #socket: Socket;
  #buffer = '';
  #closed: Error | null = null;
  #wake: (() => void) | null = null;
  readonly #onData = (chunk: Buffer): void => {
    this.#buffer += chunk.toString('latin1');
    this.#wake?.();
  };
  readonly #onEnd = (err?: Error): void => {
    this.#closed = err instanceof Error ? err : new StartTlsError('the server closed the connection before STARTTLS');
    this.#wake?.();
  };

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', this.#onData);
    socket.on('error', this.#onEnd);
    socket.on('close', this.#onEnd);
  }

  async line(): Promise<string> {
    for (;;) {
      const end = this.#buffer.indexOf('\n');
      if (end >= 0) {
        const line = this.#buffer.slice(0, end).replace(/\r$/, '');
        this.#buffer = this.#buffer.slice(end + 1);
        return line;
      }
      if (this.#buffer.length > MAX_LINE) throw new StartTlsError('the server sent a line longer than 4096 octets before STARTTLS');
      if (this.#closed) throw this.#closed;
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = null;
    }
  }

  /** Stops reading; the server must not have sent anything past the last line read. */
  release(): void {
    this.#socket.off('data', this.#onData);
    this.#socket.off('error', this.#onEnd);
    this.#socket.off('close', this.#onEnd);
    if (this.#buffer !== '') throw new StartTlsError(`the server sent data after its STARTTLS reply: ${quote(this.#buffer)}`);
  }
}

function quote(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ').trim();
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}

/** An SMTP reply (RFC 5321 §4.2.1): lines `NNN-text` up to the last `NNN text`. */
async function smtpReply(reader: LineReader): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  for (;;) {
    const line = await reader.line();
    lines.push(line);
    if (!/^\d{3}[ -]?/.test(line)) throw new StartTlsError(`not an SMTP reply: ${quote(line)}`);
    if (line.charAt(3) !== '-') return { code: Number(line.slice(0, 3)), text: lines.join(' / ') };
  }
}

async function smtp(reader: LineReader, write: (line: string) => void, ehloName: string): Promise<void> {
  const greeting = await smtpReply(reader);
  if (greeting.code !== 220) throw new StartTlsError(`the server greeted with ${quote(greeting.text)}`);
  write(`EHLO ${ehloName}`);
  const ehlo = await smtpReply(reader);
  if (ehlo.code !== 250) throw new StartTlsError(`the server answered EHLO with ${quote(ehlo.text)}`);
  write('STARTTLS');
  const ready = await smtpReply(reader);
  if (ready.code !== 220) throw new StartTlsError(`the server answered STARTTLS with ${quote(ready.text)}`);
}

async function imap(reader: LineReader, write: (line: string) => void): Promise<void> {
  const greeting = await reader.line();
  if (!/^\* OK\b/i.test(greeting)) throw new StartTlsError(`the server greeted with ${quote(greeting)}`);
  write('a STARTTLS');
  for (;;) {
    const line = await reader.line();
    if (line.startsWith('* ')) continue; // untagged data (RFC 9051 §7) before the tagged reply
    if (/^a OK\b/i.test(line)) return;
    throw new StartTlsError(`the server answered STARTTLS with ${quote(line)}`);
  }
}

async function pop3(reader: LineReader, write: (line: string) => void): Promise<void> {
  const greeting = await reader.line();
  if (!greeting.startsWith('+OK')) throw new StartTlsError(`the server greeted with ${quote(greeting)}`);
  write('STLS');
  const reply = await reader.line();
  if (!reply.startsWith('+OK')) throw new StartTlsError(`the server answered STLS with ${quote(reply)}`);
}

/** Speaks the plain-text opening on a connected socket; `ehloName` is the name SMTP's EHLO gives. */
export async function openStartTls(socket: Socket, dialect: StartTlsDialect, ehloName: string): Promise<void> {
  const reader = new LineReader(socket);
  const write = (line: string): void => void socket.write(`${line}\r\n`);
  if (dialect === 'smtp') await smtp(reader, write, ehloName);
  else if (dialect === 'imap') await imap(reader, write);
  else await pop3(reader, write);
  reader.release();
}
