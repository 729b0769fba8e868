// A real instance with an IMAP listener for protocol tests, torn down with the test: accounts in the
// store, a short auth failure delay, and clients that are connected, upgraded and logged in.
import type { TestContext } from 'node:test';
import { createInstance, startInProcess, type InstanceSpec } from './instance.ts';
import { ImapTestClient } from './imap-client.ts';
import type { RunningServer } from '../../src/server/index.ts';

export const USER = 'alice@example.test';
export const PASSWORD = 'alice-password-1';

export interface ImapInstance {
  dir: string;
  server: RunningServer;
  /** The first IMAP listener (STARTTLS unless `listeners` says otherwise). */
  port: number;
  smtpPort: number;
  /** A connected client whose greeting has been read; closed with the test. */
  connect(port?: number): Promise<ImapTestClient>;
  /** Connected, STARTTLS done, logged in as `user`. */
  loggedIn(user?: string, password?: string): Promise<ImapTestClient>;
}

export async function startImap(t: TestContext, spec: InstanceSpec = {}): Promise<ImapInstance> {
  const instance = await createInstance({
    accounts: [{ address: USER, password: PASSWORD }],
    ...spec,
    extraConfig: spec.extraConfig ?? '[imap]\nauth_failure_delay = "10ms"\n',
  });
  const { server, imapPort, smtpPort } = await startInProcess(instance.dir);
  const clients: ImapTestClient[] = [];
  t.after(async () => {
    for (const client of clients) client.close();
    await server.stop();
    await instance.cleanup();
  });
  const connect = async (port = imapPort): Promise<ImapTestClient> => {
    const client = await ImapTestClient.connect(port);
    clients.push(client);
    await client.greeting();
    return client;
  };
  return {
    dir: instance.dir,
    server,
    port: imapPort,
    smtpPort,
    connect,
    async loggedIn(user = USER, password = PASSWORD) {
      const client = await connect();
      const tls = await client.startTls();
      if (tls.tagged.status !== 'OK') throw new Error(`STARTTLS failed: ${tls.raw}`);
      await client.login(user, password);
      return client;
    },
  };
}
