// RFC 3461 parameters from the SMTP wire to the store: a real SMTP server in front of the real router
// over a real MailService. NOTIFY and ORCPT of each relayed recipient and RET and ENVID of MAIL reach
// `deliver` decoded, and the queue entries keep them for the recipients' notifications.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createRouter } from '../../src/delivery/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { createSmtpServer } from '../../src/smtp/index.ts';
import { NetworkList } from '../../src/util/cidr.ts';
import { SmtpTestClient } from '../helpers/smtp-client.ts';
import { NOW, OPTIONS, setup, type Fixture } from '../helpers/router-fixture.ts';
import { defaultSettings, fakeAuthenticator } from '../smtp/fixture.ts';

/** An SMTP listener on 127.0.0.1 whose clients may relay, delivering through the real router. */
async function smtpOverRouter(t: TestContext): Promise<{ fx: Fixture; client: SmtpTestClient }> {
  const fx = await setup();
  const server = createSmtpServer({
    hostname: OPTIONS.hostname,
    settings: defaultSettings(),
    delivery: createRouter({ mail: fx.mail, options: OPTIONS, logger: silentLogger(), clock: () => NOW }),
    tls: null,
    logger: silentLogger(),
    clock: () => new Date(NOW),
    relayNetworks: new NetworkList(['127.0.0.0/8']),
    authenticator: fakeAuthenticator({}),
  });
  const { port } = await server.listen({ protocol: 'smtp', address: '127.0.0.1', port: 0, tls: 'none' });
  const client = await SmtpTestClient.connect(port);
  t.after(async () => {
    client.close();
    await server.close(0);
    await fx.close();
  });
  await client.greetAndEhlo();
  return { fx, client };
}

async function send(client: SmtpTestClient, commands: readonly string[]): Promise<void> {
  for (const command of commands) assert.match((await client.command(command)).raw, /^250 /, command);
  assert.equal((await client.command('DATA')).code, 354);
  assert.match((await client.command('Subject: dsn\r\n\r\nbody\r\n.')).raw, /^250 2\.0\.0 Ok: queued as \d+\r\n$/);
}

test('hands deliver RET, ENVID and each relayed recipient\'s NOTIFY and ORCPT, and the queue keeps them', async (t) => {
  const { fx, client } = await smtpOverRouter(t);
  await send(client, [
    'MAIL FROM:<joerg@remote.example> RET=HDRS ENVID=QQ+2B314159',
    'RCPT TO:<zoe@far.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Zoe+2Blist@far.example',
    'RCPT TO:<yan@far.example> NOTIFY=NEVER ORCPT=utf-8;j\\x{F6}rg@b\\x{FC}cher.example',
    'RCPT TO:<xia@far.example>',
    'RCPT TO:<ann@example.test> NOTIFY=SUCCESS',
  ]);
  const { request } = fx.deliveries[0]!;
  assert.deepEqual(request.dsn, { ret: 'HDRS', envid: 'QQ+314159' });
  assert.deepEqual(request.remote, [
    { recipient: 'zoe@far.example', dsn: { notify: ['SUCCESS', 'FAILURE'], orcpt: { type: 'rfc822', address: 'Zoe+list@far.example' } } },
    { recipient: 'yan@far.example', dsn: { notify: ['NEVER'], orcpt: { type: 'utf-8', address: 'jörg@bücher.example' } } },
    { recipient: 'xia@far.example' },
  ]);
  assert.equal(request.local.length, 1);
  const queued = (await fx.mail.listQueue()).map(({ recipient, notify, orcpt, ret, envid }) => ({ recipient, notify, orcpt, ret, envid }));
  assert.deepEqual(
    queued.sort((a, b) => a.recipient.localeCompare(b.recipient)),
    [
      { recipient: 'xia@far.example', notify: null, orcpt: null, ret: 'HDRS', envid: 'QQ+314159' },
      { recipient: 'yan@far.example', notify: ['NEVER'], orcpt: { type: 'utf-8', address: 'jörg@bücher.example' }, ret: 'HDRS', envid: 'QQ+314159' },
      { recipient: 'zoe@far.example', notify: ['SUCCESS', 'FAILURE'], orcpt: { type: 'rfc822', address: 'Zoe+list@far.example' }, ret: 'HDRS', envid: 'QQ+314159' },
    ],
  );
});

test('hands deliver no dsn when MAIL and RCPT carry no DSN parameters', async (t) => {
  const { fx, client } = await smtpOverRouter(t);
  await send(client, ['MAIL FROM:<joerg@remote.example>', 'RCPT TO:<zoe@far.example>']);
  const { request } = fx.deliveries[0]!;
  assert.equal('dsn' in request, false);
  assert.deepEqual(request.remote, [{ recipient: 'zoe@far.example' }]);
  const [entry] = await fx.mail.listQueue();
  assert.deepEqual({ notify: entry?.notify, orcpt: entry?.orcpt, ret: entry?.ret, envid: entry?.envid }, { notify: null, orcpt: null, ret: null, envid: null });
});
