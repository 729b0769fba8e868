// Python's poplib (what scripts and many small integrations use) against a real instance: STLS with the
// instance's certificate, then USER/PASS, STAT, LIST, UIDL, RETR, TOP, DELE and QUIT. poplib returns the
// server's lines nearly as sent (un-stuffed), so the script prints them with repr() and the test compares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readMailbox } from '../helpers/mailbox.ts';
import { runTool } from '../helpers/run-tool.ts';
import { toolSkip } from '../helpers/tools.ts';
import { PASSWORD, startPop3, USER } from './pop3-instance.ts';

function script(port: number, certificate: string): string {
  return `
import poplib, ssl
context = ssl.create_default_context(cafile=${JSON.stringify(certificate)})
context.check_hostname = False  # the certificate names mx.example.test; it is pinned by cafile instead
p = poplib.POP3("127.0.0.1", ${port})
print(repr(p.getwelcome()))
print(repr(p.stls(context)))
print(repr(p.user(${JSON.stringify(USER)})))
print(repr(p.pass_(${JSON.stringify(PASSWORD)})))
print(repr(p.stat()))
print(repr(p.list()))
print(repr(p.uidl()))
print(repr(p.retr(2)))
print(repr(p.top(1, 1)))
print(repr(p.dele(1)))
print(repr(p.quit()))
`;
}

test("Python's poplib logs in over STLS and lists, retrieves, reads the top of and deletes messages", async (t) => {
  const skip = toolSkip('python3');
  if (skip !== false) {
    t.skip(skip);
    return;
  }
  const pop3 = await startPop3(t);
  await pop3.deliver(`From: bob@remote.test\r\nSubject: first\r\n\r\nline one\r\nline two\r\n`);
  await pop3.deliver(`From: bob@remote.test\r\nSubject: second\r\n\r\n.dotted\r\nplain\r\n`);
  const stored = await readMailbox(pop3.dir, USER);
  const run = await runTool('python3', ['-c', script(pop3.port, join(pop3.dir, 'certs/server.crt'))]);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  const lines = run.stdout.trimEnd().split('\n');
  const validity = /b'1 (\d+)\.1'/.exec(lines[6] ?? '')?.[1] ?? 'missing';
  const [first, second] = [stored[0]!, stored[1]!];
  // poplib un-stuffs and counts the octets of the lines with their CRLFs: for RETR, the LIST size.
  const pyBytesList = (text: string): string => `[${text.replace(/\r\n$/, '').split('\r\n').map((l) => `b'${l.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\t/g, '\\t')}'`).join(', ')}]`;
  const header = first.text.slice(0, first.text.indexOf('\r\n\r\n') + 2);
  assert.deepEqual(lines, [
    "b'+OK Mailstead POP3 ready'",
    "b'+OK Begin TLS negotiation'",
    "b'+OK Send PASS'",
    "b'+OK Logged in, 2 messages (" + (first.size + second.size) + " octets)'",
    `(2, ${first.size + second.size})`,
    `(b'+OK 2 messages (${first.size + second.size} octets)', [b'1 ${first.size}', b'2 ${second.size}'], ${`1 ${first.size}`.length + 2 + `2 ${second.size}`.length + 2})`,
    `(b'+OK Unique-ID listing follows', [b'1 ${validity}.1', b'2 ${validity}.2'], ${(`1 ${validity}.1`.length + 2) * 2})`,
    `(b'+OK ${second.size} octets', ${pyBytesList(second.text)}, ${second.size})`,
    `(b'+OK Top of message follows', ${pyBytesList(`${header}\r\nline one\r\n`)}, ${Buffer.byteLength(`${header}\r\nline one\r\n`)})`,
    "b'+OK Message 1 deleted'",
    "b'+OK Mailstead POP3 server signing off (1 message deleted)'",
  ]);
  assert.deepEqual((await readMailbox(pop3.dir, USER)).map((m) => m.uid), [2]);
});
