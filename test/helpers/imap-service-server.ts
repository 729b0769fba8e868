// An IMAP server built directly (createImapServer) over an instance's MailService, for tests that need
// to reach inside: a MailService with methods replaced (failure injection), or a mailbox filled through
// a test-only bulk path before a client connects. One plain-text listener on 127.0.0.1, port 0.
import type { TestContext } from 'node:test';
import { loadConfig } from '../../src/config/index.ts';
import { createImapServer } from '../../src/imap/index.ts';
import { silentLogger, type Logger } from '../../src/log/index.ts';
import type { MailService } from '../../src/mail/types.ts';
import { openMailService } from '../../src/server/index.ts';
import { ImapTestClient } from './imap-client.ts';
import { createInstance } from './instance.ts';

export const USER = 'user@example.test';
export const PASSWORD = 'secret-password';

export interface ServiceServer {
  readonly dir: string;
  readonly mail: MailService;
  readonly port: number;
  /** Connected, greeted and logged in as USER; closed with the test. */
  login(): Promise<ImapTestClient>;
}

export interface ServiceServerOptions {
  /** Replaces methods of the MailService the sessions see (the instance's own stays intact). */
  override?: (mail: MailService) => Partial<MailService>;
  logger?: Logger;
}

export async function startServiceServer(t: TestContext, options: ServiceServerOptions = {}): Promise<ServiceServer> {
  const instance = await createInstance({ accounts: [{ address: USER, password: PASSWORD }], extraConfig: '[imap]\nauth_failure_delay = "10ms"\n', listeners: '' });
  const mail = await openMailService(instance.dir, silentLogger());
  const served: MailService = options.override === undefined ? mail : withOverrides(mail, options.override(mail));
  const imap = createImapServer({ settings: loadConfig(instance.dir).imap, mail: Promise.resolve(served), tls: null, logger: options.logger ?? silentLogger() });
  const { port } = await imap.listen({ protocol: 'imap', address: '127.0.0.1', port: 0, tls: 'none', encryption: 'optional' });
  const clients: ImapTestClient[] = [];
  t.after(async () => {
    for (const client of clients) client.close();
    await imap.close(0);
    await mail.close();
    await instance.cleanup();
  });
  return {
    dir: instance.dir,
    mail,
    port,
    async login() {
      const client = await ImapTestClient.connect(port);
      clients.push(client);
      await client.greeting();
      const result = await client.login(USER, PASSWORD);
      if (result.tagged.status !== 'OK') throw new Error(`LOGIN failed: ${result.raw}`);
      return client;
    },
  };
}

/** `mail` with some methods replaced; every other member still reaches the real service. */
function withOverrides(mail: MailService, overrides: Partial<MailService>): MailService {
  return new Proxy(mail, {
    get(target, key, receiver) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof MailService];
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
