// Submission end to end (issue 6): a real server with real accounts on a STARTTLS submission listener
// and an implicit-TLS one; nodemailer sends with AUTH as Thunderbird would, the mail lands in the local
// mailbox fixed (Bcc gone, Message-ID added), a foreign From is refused with 553 5.7.1, and remote
// recipients of an authenticated user are queued.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import nodemailer from 'nodemailer';
import { createInstance, startInProcess } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';

const LISTENERS =
  `[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\ntls = "starttls"\n\n` +
  `[[listeners]]\nprotocol = "submission"\naddress = "127.0.0.1"\nport = 0\ntls = "starttls"\n\n` +
  `[[listeners]]\nprotocol = "submission"\naddress = "127.0.0.1"\nport = 0\ntls = "implicit"\n`;

async function serverWithAccounts(t: TestContext) {
  const instance = await createInstance({
    accounts: [
      { address: 'ann@example.test', password: 'ann-password' },
      { address: 'bob@example.test', password: 'bob-password' },
    ],
    extraConfig: '[smtp]\nauth_failure_delay = "10ms"\n',
    listeners: LISTENERS,
  });
  t.after(() => instance.cleanup());
  const running = await startInProcess(instance.dir);
  t.after(() => running.server.stop());
  const submissionPorts = running.server.listeners.filter((l) => l.protocol === 'submission').map((l) => l.port);
  return { dir: instance.dir, starttlsPort: submissionPorts[0]!, implicitPort: submissionPorts[1]! };
}

function transport(port: number, secure: boolean, user = 'ann@example.test', pass = 'ann-password') {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure, requireTLS: !secure, auth: { user, pass }, tls: { rejectUnauthorized: false }, name: 'laptop.example' });
}

test('sends through STARTTLS submission with AUTH: delivered locally with Bcc stripped and a Message-ID added', async (t) => {
  const { dir, starttlsPort } = await serverWithAccounts(t);
  const client = transport(starttlsPort, false);
  t.after(() => client.close());
  const raw = 'From: Ann <ann@example.test>\r\nTo: bob@example.test\r\nBcc: ann@example.test\r\nSubject: lunch\r\n\r\nAt noon?\r\n';
  const info = await client.sendMail({ envelope: { from: 'ann@example.test', to: ['bob@example.test'] }, raw });
  assert.match(info.response, /^250 2\.0\.0 Ok: queued as \d+$/);
  const [stored] = await readMailbox(dir, 'bob@example.test');
  assert.ok(stored);
  const text = stored.text;
  assert.doesNotMatch(text, /^Bcc:/m);
  assert.match(text, /^Message-ID: <[0-9a-f]{24}@mx\.example\.test>\r$/m);
  assert.match(text, /^Date: /m);
  assert.match(text, /with ESMTPSA id /);
});

test('refuses a From: the user does not own with 553 5.7.1 on the implicit-TLS port', async (t) => {
  const { implicitPort } = await serverWithAccounts(t);
  const client = transport(implicitPort, true);
  t.after(() => client.close());
  await assert.rejects(
    client.sendMail({ envelope: { from: 'ann@example.test', to: ['bob@example.test'] }, raw: 'From: bob@example.test\r\nSubject: x\r\n\r\nx\r\n' }),
    (err: Error & { response?: string }) => err.response === '553 5.7.1 From: header address not owned by user',
  );
  await assert.rejects(
    client.sendMail({ envelope: { from: 'bob@example.test', to: ['bob@example.test'] }, raw: 'From: ann@example.test\r\n\r\nx\r\n' }),
    (err: Error & { response?: string }) => err.response === '553 5.7.1 <bob@example.test>: Sender address rejected: not owned by user',
  );
});

test('refuses a wrong password with 535 5.7.8', async (t) => {
  const { implicitPort } = await serverWithAccounts(t);
  const client = transport(implicitPort, true, 'ann@example.test', 'wrong');
  t.after(() => client.close());
  await assert.rejects(client.sendMail({ envelope: { from: 'ann@example.test', to: ['bob@example.test'] }, raw: 'Subject: x\r\n\r\nx\r\n' }), (err: Error & { response?: string }) =>
    err.response === '535 5.7.8 Authentication credentials invalid',
  );
});

test('accepts remote recipients from an authenticated user', async (t) => {
  const { dir, implicitPort } = await serverWithAccounts(t);
  const client = transport(implicitPort, true);
  t.after(() => client.close());
  const info = await client.sendMail({ envelope: { from: 'ann@example.test', to: ['friend@remote.example', 'bob@example.test'] }, raw: 'From: ann@example.test\r\nSubject: x\r\n\r\nx\r\n' });
  assert.deepEqual([info.accepted, info.rejected], [['friend@remote.example', 'bob@example.test'], []]);
  assert.equal((await readMailbox(dir, 'bob@example.test')).length, 1);
});
