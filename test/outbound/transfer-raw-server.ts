// A hand-scripted SMTP server on 127.0.0.1 for what smtp-server cannot be made to do: any EHLO text
// (LIMITS), refusing EHLO, multi-line replies, replies injected before a TLS handshake. The script maps
// each command line to the raw reply text; DATA content is collected and answered by `script('.')`.
import type { Socket } from 'node:net';
import type { TestContext } from 'node:test';
import { createSecureContext, TLSSocket } from 'node:tls';
import { listenForTest } from '../helpers/fake-mx.ts';

export interface RawSession {
  /** Command lines received, in order ("." stands for each complete message). */
  commands: string[];
  messages: string[];
}

export interface RawScript {
  greeting: string;
  /** Raw reply (with CRLFs) to a command line; for STARTTLS also `startTls: true` to switch after writing it. */
  reply(command: string, session: RawSession): string | { text: string; startTls: true };
  tls?: { cert: string; key: string };
}

export async function rawServer(t: TestContext, script: RawScript): Promise<{ port: number; sessions: RawSession[] }> {
  const sessions: RawSession[] = [];
  const port = await listenForTest(t, (plain) => {
    const session: RawSession = { commands: [], messages: [] };
    sessions.push(session);
    let socket: Socket = plain;
    let buffer = '';
    let data: string | null = null;
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          session.messages.push(data + buffer.slice(0, end + 2));
          buffer = buffer.slice(end + 5);
          data = null;
          session.commands.push('.');
          socket.write(answer('.'));
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        session.commands.push(line);
        const reply = script.reply(line, session);
        if (typeof reply !== 'string') {
          socket.write(reply.text);
          socket.off('data', onData);
          const secure = new TLSSocket(socket, { isServer: true, secureContext: createSecureContext(script.tls) });
          secure.on('error', () => {});
          secure.on('data', onData);
          socket = secure;
          buffer = '';
          return;
        }
        socket.write(reply);
        if (line.toUpperCase() === 'DATA' && reply.startsWith('354')) data = '';
        if (line.toUpperCase() === 'QUIT') socket.end();
      }
    };
    const answer = (line: string): string => {
      const reply = script.reply(line, session);
      return typeof reply === 'string' ? reply : reply.text;
    };
    plain.on('data', onData);
    plain.write(script.greeting);
  });
  return { port, sessions };
}

/** The usual answers: 250 to MAIL/RCPT/RSET, 354 to DATA, 250 to the message, 221 to QUIT. */
export function standardReply(command: string): string {
  const verb = command.split(/[\s:]/)[0]!.toUpperCase();
  if (verb === 'DATA') return '354 go ahead\r\n';
  if (verb === 'QUIT') return '221 2.0.0 bye\r\n';
  if (verb === '.') return '250 2.0.0 queued\r\n';
  return '250 2.0.0 ok\r\n';
}
