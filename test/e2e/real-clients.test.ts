// Scenario tests with the clients administrators use: Python's smtplib and swaks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createInstance, startInProcess, type Instance } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import { toolSkip } from '../helpers/tools.ts';
import type { RunningServer } from '../../src/server/index.ts';

const run = promisify(execFile);
let instance: Instance;
let server: RunningServer;
let port: number;

before(async () => {
  instance = await createInstance({ accounts: [{ address: 'carol@example.test', isAdmin: true }] });
  ({ server, smtpPort: port } = await startInProcess(instance.dir));
});

after(async () => {
  await server.stop();
  await instance.cleanup();
});

const PYTHON = `
import smtplib, ssl, sys
port = int(sys.argv[1])
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
with smtplib.SMTP("127.0.0.1", port, timeout=10) as s:
    code, _ = s.ehlo("py.client.test")
    assert code == 250
    assert s.has_extn("starttls") and s.has_extn("pipelining") and s.has_extn("chunking")
    s.starttls(context=ctx)
    s.ehlo("py.client.test")
    assert not s.has_extn("starttls")
    refused = s.sendmail("py@remote.test", ["carol@example.test"], b"Subject: from-python\\r\\n\\r\\nhello from smtplib\\r\\n")
    assert refused == {}, refused
    try:
        s.sendmail("py@remote.test", ["nobody@example.test"], b"Subject: x\\r\\n\\r\\nx\\r\\n")
    except smtplib.SMTPRecipientsRefused as e:
        print(e.recipients["nobody@example.test"][0], e.recipients["nobody@example.test"][1].decode())
`;

test('Python smtplib: EHLO, STARTTLS, sendmail, refused recipient', { skip: toolSkip('python3') }, async () => {
  const { stdout } = await run('python3', ['-c', PYTHON, String(port)]);
  assert.equal(stdout, '550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown\n');
  const messages = await readMailbox(instance.dir, 'carol@example.test');
  const message = messages.find((m) => m.text.includes('Subject: from-python'));
  assert.ok(message);
  assert.match(message.text, /with ESMTPS/);
});

test('swaks delivers with STARTTLS and with PIPELINING', { skip: toolSkip('swaks') }, async () => {
  const common = ['--server', `127.0.0.1:${port}`, '--from', 'swaks@remote.test', '--to', 'carol@example.test', '--helo', 'swaks.client.test', '--silent', '1'];
  await run('swaks', [...common, '--tls', '--header', 'Subject: swaks-tls']);
  await run('swaks', [...common, '--pipeline', '--header', 'Subject: swaks-pipelined']);
  const messages = await readMailbox(instance.dir, 'carol@example.test');
  assert.ok(messages.some((m) => m.text.includes('Subject: swaks-tls') && /with ESMTPS/.test(m.text)));
  assert.ok(messages.some((m) => m.text.includes('Subject: swaks-pipelined') && /with ESMTP /.test(m.text)));
});
