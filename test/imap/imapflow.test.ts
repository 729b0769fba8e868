// imapflow (the Node IMAP client DESIGN.md names) logs in over STARTTLS, reads the mailbox list state and
// logs out: a real client agrees with our greeting, capabilities, STARTTLS and LOGIN/AUTHENTICATE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImapFlow } from 'imapflow';
import { startImap, USER, PASSWORD } from '../helpers/imap-instance.ts';

test('imapflow logs in over STARTTLS, opens INBOX and logs out', async (t) => {
  const imap = await startImap(t);
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: imap.port,
    secure: false,
    doSTARTTLS: true,
    tls: { rejectUnauthorized: false },
    auth: { user: USER, pass: PASSWORD },
    logger: false,
  });
  t.after(() => client.close());
  await client.connect();
  assert.equal(client.authenticated !== false, true);
  const lock = await client.getMailboxLock('INBOX');
  try {
    assert.equal(client.mailbox === false ? null : client.mailbox.path, 'INBOX');
  } finally {
    lock.release();
  }
  await client.logout();
});
