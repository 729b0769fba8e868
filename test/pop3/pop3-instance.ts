// A real instance with a POP3 listener for the POP3 tests, torn down with the test: accounts in the
// store, a short auth failure delay, mail delivered over SMTP, and clients connected, upgraded and
// logged in.
import type { TestContext } from 'node:test';
import { createInstance, startInProcess, type InstanceSpec } from '../helpers/instance.ts';
import { Pop3TestClient } from '../helpers/pop3-client.ts';
import { SmtpTestClient } from '../helpers/smtp-client.ts';
import type { RunningServer } from '../../src/server/index.ts';

export const USER = 'alice@example.test';
export const PASSWORD = 'alice-password-1';
export const POP3_CONFIG = '[pop3]\nauth_failure_delay = "10ms"\n';

export interface Pop3Instance {
  dir: string;
  server: RunningServer;
  /** The first POP3 listener (STLS unless `listeners` says otherwise). */
  port: number;
  imapPort: number;
  smtpPort: number;
  /** A connected client whose greeting has been read; closed with the test. */
  connect(port?: number): Promise<Pop3TestClient>;
  /** Connected, STLS done, logged in with USER/PASS as `user`. */
  loggedIn(user?: string, password?: string): Promise<Pop3TestClient>;
  /** Delivers a message over SMTP (text with CRLF or LF line ends; dot-stuffed here for DATA). */
  deliver(text: string, to?: string): Promise<void>;
}

export async function startPop3(t: TestContext, spec: InstanceSpec = {}): Promise<Pop3Instance> {
  const instance = await createInstance({ accounts: [{ address: USER, password: PASSWORD }], ...spec, extraConfig: spec.extraConfig ?? POP3_CONFIG });
  const { server, pop3Port, imapPort, smtpPort } = await startInProcess(instance.dir);
  const clients: Pop3TestClient[] = [];
  t.after(async () => {
    for (const client of clients) client.close();
    await server.stop();
    await instance.cleanup();
  });
  const connect = async (port = pop3Port): Promise<Pop3TestClient> => {
    const client = await Pop3TestClient.connect(port);
    clients.push(client);
    const greeting = await client.line();
    if (greeting !== '+OK Mailstead POP3 ready') throw new Error(`unexpected greeting: ${greeting}`);
    return client;
  };
  return {
    dir: instance.dir,
    server,
    port: pop3Port,
    imapPort,
    smtpPort,
    connect,
    async loggedIn(user = USER, password = PASSWORD) {
      const client = await connect();
      const stls = await client.command('STLS');
      if (stls !== '+OK Begin TLS negotiation') throw new Error(`STLS failed: ${stls}`);
      await client.startTls();
      const userReply = await client.command(`USER ${user}`);
      if (!userReply.startsWith('+OK')) throw new Error(`USER refused: ${userReply}`);
      const pass = await client.command(`PASS ${password}`);
      if (!pass.startsWith('+OK')) throw new Error(`PASS refused: ${pass}`);
      return client;
    },
    async deliver(text, to = USER) {
      const smtp = await SmtpTestClient.connect(smtpPort);
      try {
        await smtp.greetAndEhlo('sender.test');
        await smtp.command('MAIL FROM:<sender@remote.test>');
        const rcpt = await smtp.command(`RCPT TO:<${to}>`);
        if (rcpt.code !== 250) throw new Error(`RCPT refused: ${rcpt.raw}`);
        await smtp.command('DATA');
        const data = text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
        const done = await smtp.command(`${data.endsWith('\r\n') ? data : `${data}\r\n`}.`);
        if (done.code !== 250) throw new Error(`DATA refused: ${done.raw}`);
        await smtp.command('QUIT');
      } finally {
        smtp.close();
      }
    },
  };
}
