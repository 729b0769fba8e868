// UIDL values survive a restart (RFC 1939 §7: a unique-id never changes for a message across sessions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInstance, startInProcess } from '../helpers/instance.ts';
import { Pop3TestClient } from '../helpers/pop3-client.ts';
import { SmtpTestClient } from '../helpers/smtp-client.ts';
import { PASSWORD, POP3_CONFIG, USER } from './pop3-instance.ts';

async function uidl(port: number): Promise<string[]> {
  const client = await Pop3TestClient.connect(port);
  try {
    await client.line();
    assert.equal(await client.command('STLS'), '+OK Begin TLS negotiation');
    await client.startTls();
    assert.match(await client.command(`USER ${USER}`), /^\+OK/);
    assert.match(await client.command(`PASS ${PASSWORD}`), /^\+OK/);
    const listing = await client.multi('UIDL');
    await client.command('QUIT');
    return listing.lines;
  } finally {
    client.close();
  }
}

test('UIDL gives the same unique-ids after the server restarts', async (t) => {
  const instance = await createInstance({ accounts: [{ address: USER, password: PASSWORD }], extraConfig: POP3_CONFIG });
  t.after(() => instance.cleanup());
  const first = await startInProcess(instance.dir);
  let before: string[];
  try {
    for (const subject of ['a', 'b']) {
      const smtp = await SmtpTestClient.connect(first.smtpPort);
      await smtp.greetAndEhlo('sender.test');
      await smtp.command('MAIL FROM:<bob@remote.test>');
      await smtp.command(`RCPT TO:<${USER}>`);
      await smtp.command('DATA');
      assert.equal((await smtp.command(`Subject: ${subject}\r\n\r\nbody\r\n.`)).code, 250);
      smtp.close();
    }
    before = await uidl(first.pop3Port);
  } finally {
    await first.server.stop();
  }
  const second = await startInProcess(instance.dir);
  try {
    assert.equal(before.length, 2);
    assert.deepEqual(await uidl(second.pop3Port), before);
  } finally {
    await second.server.stop();
  }
});
