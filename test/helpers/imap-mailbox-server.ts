// A running instance for IMAP mailbox tests: plain-text IMAP listener (TLS is the framework's tests'
// concern), one account, and helpers to log in and to deliver over SMTP like a remote sender would.
import { createInstance, startInProcess, type Instance } from './instance.ts';
import { ImapTestClient } from './imap-client.ts';
import { deliverOverSmtp } from './smtp-deliver.ts';
import type { RunningServer } from '../../src/server/index.ts';

export const USER = 'user@example.test';
export const PASSWORD = 'secret-password';

const LISTENERS =
  `[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\ntls = "none"\n\n` +
  `[[listeners]]\nprotocol = "imap"\naddress = "127.0.0.1"\nport = 0\ntls = "none"\nencryption = "optional"\n`;

export interface MailboxServer {
  readonly instance: Instance;
  readonly server: RunningServer;
  readonly imapPort: number;
  readonly smtpPort: number;
  /** A new connection, greeted and logged in as USER (or `address`). */
  login(address?: string): Promise<ImapTestClient>;
  /** Delivers a message to `to` through the SMTP listener. */
  deliver(to: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startMailboxServer(accounts: Array<{ address: string; quotaBytes?: number | null; quotaMessages?: number | null }> = [{ address: USER }]): Promise<MailboxServer> {
  const instance = await createInstance({ accounts: accounts.map((account) => ({ ...account, password: PASSWORD })), listeners: LISTENERS });
  const { server, imapPort, smtpPort } = await startInProcess(instance.dir);
  const clients: ImapTestClient[] = [];
  return {
    instance,
    server,
    imapPort,
    smtpPort,
    async login(address = USER) {
      const client = await ImapTestClient.connect(imapPort);
      clients.push(client);
      await client.greeting();
      await client.login(address, PASSWORD);
      return client;
    },
    deliver: (to, text) => deliverOverSmtp(smtpPort, to, text),
    async stop() {
      for (const client of clients) client.close();
      await server.stop();
      await instance.cleanup();
    },
  };
}

/** A small RFC 5322 message. */
export function message(subject: string, body = 'hello'): string {
  return `From: sender@remote.test\r\nTo: ${USER}\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@remote.test>\r\n\r\n${body}\r\n`;
}
