// The outbound queue in the running server (issue 6): mail from a relay-network client is delivered to
// the remote domain's MX found through the test DNS server (`[dns] servers`), and a queued message
// survives a SIGKILL of the server and is delivered exactly once after the restart.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { startDnsServer } from '../helpers/dns-server.ts';
import { eventually, fakeMxFor } from '../helpers/fake-mx.ts';
import { createInstance, killServers, spawnServer, startInProcess } from '../helpers/instance.ts';
import { deliverOverSmtp } from '../helpers/smtp-deliver.ts';
import { promises as dnsPromises } from 'node:dns';
import { dkimVerify } from 'mailauth';
import { dkimRecordName, dkimRecordValue, generateDkimKey } from '../../src/outbound/index.ts';
import { openMailService } from '../../src/server/index.ts';
import { silentLogger } from '../../src/log/index.ts';

test.after(() => killServers());

async function setUp(t: TestContext, mxPort: number) {
  const dns = await startDnsServer({ 'remote.test': { mx: [{ preference: 10, exchange: 'mx.remote.test' }] }, 'mx.remote.test': { a: ['127.0.0.1'] } });
  t.after(() => dns.close());
  const instance = await createInstance({
    accounts: [{ address: 'ann@example.test' }],
    extraConfig:
      `[smtp]\nrelay_networks = ["127.0.0.1/32"]\n\n[dns]\nservers = ["${dns.address}"]\n\n` +
      `[outbound]\nmx_port = ${mxPort}\naddress_preference = "ipv4-only"\n\n[queue]\nretry_schedule = ["1s"]\n`,
  });
  t.after(() => instance.cleanup());
  return { ...instance, dns };
}

test('delivers relayed mail to the MX the DNS names, DKIM-signed with the key the DNS publishes', async (t) => {
  const mx = await fakeMxFor(t);
  const instance = await setUp(t, mx.port);
  const key = await generateDkimKey('rsa-sha256');
  const mail = await openMailService(instance.dir, silentLogger());
  const stored = await mail.addDkimKey({ domain: 'example.test', selector: 'e2e', algorithm: 'rsa-sha256', privateKeyPem: key.privateKeyPem, publicKey: key.publicKey });
  await mail.close();
  instance.dns.zone[dkimRecordName(stored)] = { txt: [dkimRecordValue(stored)] };
  const running = await startInProcess(instance.dir);
  t.after(() => running.server.stop());
  await deliverOverSmtp(running.smtpPort, 'friend@remote.test', 'From: ann@example.test\r\nSubject: out\r\n\r\nHello out there.\r\n', 'ann@example.test');
  await eventually(() => mx.transactions().some((tx) => tx.body !== null), 10_000);
  const [tx] = mx.transactions();
  assert.equal(tx!.mailFrom, 'ann@example.test');
  assert.deepEqual(tx!.rcptTo.map((r) => r.address), ['friend@remote.test']);
  assert.match(tx!.body!.toString(), /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.test;[^]*\r\nReceived: from sender\.test \(\[127\.0\.0\.1\]\)/);
  assert.match(tx!.body!.toString(), /\r\n\r\nHello out there\.\r\n/);
  // An independent verifier, asking the test DNS server for the published key.
  const resolver = new dnsPromises.Resolver();
  resolver.setServers([instance.dns.address]);
  const verdict = await dkimVerify(tx!.body!, { resolver: (name: string, type: string) => resolver.resolve(name, type) as Promise<string[][]> });
  assert.deepEqual(verdict.results.map((r) => [r.status.result, r.signingDomain]), [['pass', 'example.test']]);
});

test('keeps a queued message across kill -9 and delivers it once after the restart', async (t) => {
  let accept = false;
  const mx = await fakeMxFor(t, { script: { rcptTo: () => (accept ? null : { code: 451, text: '4.7.1 Greylisted, try again' }) } });
  const instance = await setUp(t, mx.port);
  const first = await spawnServer(instance.dir);
  await deliverOverSmtp(first.smtpPort, 'friend@remote.test', 'From: ann@example.test\r\nSubject: survive\r\n\r\nStill here.\r\n', 'ann@example.test');
  await eventually(() => mx.transactions().length >= 1, 10_000);
  first.child.kill('SIGKILL');
  await first.exited;
  accept = true;
  const second = await spawnServer(instance.dir);
  t.after(() => {
    second.child.kill('SIGTERM');
  });
  await eventually(() => mx.transactions().some((tx) => tx.body !== null), 15_000);
  // A later pass must not send it again.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const delivered = mx.transactions().filter((tx) => tx.body !== null);
  assert.equal(delivered.length, 1);
  assert.match(delivered[0]!.body!.toString(), /\r\n\r\nStill here\.\r\n/);
});
