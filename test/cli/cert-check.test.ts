// `mailstead cert check` as a user runs it, a child process against a server running in this process:
// human output with one block per listener, `--json`, and exit codes (0 no error, 1 an error or no
// server, 2 usage). The CLI finds the listeners in mailstead.toml, so they get fixed ports here (free
// ones, found by binding port 0 on loopback).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInstance, HOSTNAME, type Instance } from '../helpers/instance.ts';
import { TestCa } from '../helpers/test-ca.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import type { CertCheckReport } from '../../src/doctor/index.ts';
import { lines, mailstead } from './run-cli.ts';

const instances: Instance[] = [];
let ca: TestCa;
before(async () => {
  ca = await TestCa.create();
});
after(() => Promise.all(instances.map((i) => i.cleanup())));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

interface Fixed {
  dir: string;
  ports: { smtp: number; submission: number; imap: number; pop3: number; plain: number };
}

/** An instance whose listeners have fixed free ports: SMTP STARTTLS, submission implicit TLS, IMAP and POP3 STARTTLS, one plain SMTP. */
async function fixedInstance(certificate?: { fullchain: string; key: string }): Promise<Fixed> {
  const ports = { smtp: await freePort(), submission: await freePort(), imap: await freePort(), pop3: await freePort(), plain: await freePort() };
  const listener = (protocol: string, port: number, tls: string) => `[[listeners]]\nprotocol = "${protocol}"\naddress = "127.0.0.1"\nport = ${port}\ntls = "${tls}"\n`;
  const instance = await createInstance({
    listeners: [listener('smtp', ports.smtp, 'starttls'), listener('submission', ports.submission, 'implicit'), listener('imap', ports.imap, 'starttls'), listener('pop3', ports.pop3, 'starttls'), listener('smtp', ports.plain, 'none')].join('\n'),
  });
  instances.push(instance);
  if (certificate) {
    await writeFile(join(instance.dir, 'certs/server.crt'), certificate.fullchain);
    await writeFile(join(instance.dir, 'certs/server.key'), certificate.key, { mode: 0o600 });
  }
  return { dir: instance.dir, ports };
}

async function withServer<T>(dir: string, fn: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await startServer(dir, { logger: silentLogger() });
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

test('exits 1 naming every TLS listener when no server answers', async () => {
  const { dir, ports } = await fixedInstance();
  const result = await mailstead(['cert', 'check', '--dir', dir]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    `error: no server answers on smtp 127.0.0.1:${ports.smtp} (STARTTLS), submission 127.0.0.1:${ports.submission} (implicit TLS), imap 127.0.0.1:${ports.imap} (STARTTLS), pop3 127.0.0.1:${ports.pop3} (STARTTLS): is \`mailstead serve --dir ${dir}\` running?\n`,
  );
});

test('prints one block per listener and exits 0 when there are only warnings (self-signed)', async () => {
  const { dir, ports } = await fixedInstance();
  const result = await withServer(dir, () => mailstead(['cert', 'check', '--dir', dir]));
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const out = lines(result.stdout);
  for (const title of [`smtp 127.0.0.1:${ports.smtp} (STARTTLS)`, `submission 127.0.0.1:${ports.submission} (implicit TLS)`, `imap 127.0.0.1:${ports.imap} (STARTTLS)`, `pop3 127.0.0.1:${ports.pop3} (STARTTLS)`]) {
    assert.ok(out.includes(title), `${title} in:\n${result.stdout}`);
  }
  assert.ok(out.includes(`smtp 127.0.0.1:${ports.plain} (no TLS): skipped, no TLS (tls = "none")`));
  const block = out.slice(out.indexOf(`smtp 127.0.0.1:${ports.smtp} (STARTTLS)`), out.indexOf(`submission 127.0.0.1:${ports.submission} (implicit TLS)`));
  assert.match(block[1]!, /^ {2}✓ TLSv1\.3 handshake \(TLS_\w+\)$/);
  assert.equal(block[2], '  ✓ accepts TLS 1.2, TLS 1.3 only');
  assert.equal(block[3], `  certificate served for ${HOSTNAME} (ECDSA P-256):`);
  assert.equal(block[4], `    [0] CN=${HOSTNAME}`);
  assert.match(block[5]!, /^ {8}issuer CN=mx\.example\.test; valid until \d{4}-\d\d-\d\d \(82[34] days\)$/);
  assert.match(block[6]!, /^ {4}! self-signed: /);
  assert.ok(block.includes(`    ✓ covers ${HOSTNAME}`));
  assert.ok(block.includes('    ✓ the served key is the one in certs/server.key'));
  assert.equal(out.at(-1), '0 errors, 4 warnings (trust anchors: the system trust store)');
});

test('--json prints the report, with the chain each listener serves', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const { dir, ports } = await fixedInstance(leaf);
  const caFile = join(dir, 'test-root.pem');
  await writeFile(caFile, ca.root.cert);
  const result = await withServer(dir, () => mailstead(['cert', 'check', '--json', '--ca', caFile, '--dir', dir]));
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as CertCheckReport;
  assert.deepEqual(Object.keys(report), ['status', 'errors', 'warnings', 'trustStore', 'checkedAt', 'listeners', 'skipped']);
  assert.equal(report.status, 'ok');
  assert.equal(report.trustStore, caFile);
  assert.deepEqual(report.skipped, [{ protocol: 'smtp', address: '127.0.0.1', port: ports.plain, reason: 'no TLS (tls = "none")' }]);
  assert.deepEqual(report.listeners.map((l) => [l.protocol, l.port, l.tls, l.status]), [
    ['smtp', ports.smtp, 'starttls', 'ok'],
    ['submission', ports.submission, 'implicit', 'ok'],
    ['imap', ports.imap, 'starttls', 'ok'],
    ['pop3', ports.pop3, 'starttls', 'ok'],
  ]);
  const listener = report.listeners[0]!;
  assert.deepEqual(Object.keys(listener), ['protocol', 'address', 'port', 'tls', 'host', 'status', 'reachable', 'protocols', 'findings', 'certificates']);
  assert.deepEqual(listener.protocols, { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
  const served = listener.certificates[0]!;
  assert.deepEqual(Object.keys(served), ['serverName', 'protocol', 'cipher', 'chain', 'status', 'complete', 'trusted', 'selfSigned', 'hostnameCovered', 'keyMatches', 'keyFile', 'keyType', 'keyBits', 'findings']);
  assert.deepEqual(served.chain.map((c) => c.fingerprint256), [leaf.x509.fingerprint256, ca.intermediate.x509.fingerprint256]);
  assert.deepEqual(Object.keys(served.chain[0]!), ['subject', 'issuer', 'names', 'serialNumber', 'fingerprint256', 'notBefore', 'notAfter', 'daysToExpiry', 'selfSigned', 'ca']);
  assert.deepEqual(served.findings.map((f) => Object.keys(f)), served.findings.map(() => ['check', 'status', 'text']));
});

test('exits 1 when a finding is an error, e.g. a name the certificate does not cover', async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const { dir } = await fixedInstance(leaf);
  const caFile = join(dir, 'test-root.pem');
  await writeFile(caFile, ca.root.cert);
  const result = await withServer(dir, () => mailstead(['cert', 'check', '--host', 'other.example.test', '--ca', caFile, '--dir', dir]));
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'error: the certificate review found 4 errors\n');
  assert.ok(lines(result.stdout).includes(`    ✗ does not cover other.example.test (it names ${HOSTNAME}): get a certificate that includes other.example.test, or set hostname to a name it covers`));
  assert.equal(lines(result.stdout).at(-1), `4 errors, 0 warnings (trust anchors: ${caFile})`);
});

test('a listener on port 0 cannot be found: exit 1 saying so', async () => {
  const instance = await createInstance();
  instances.push(instance);
  const result = await mailstead(['cert', 'check', '--dir', instance.dir]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error: smtp 127\.0\.0\.1:0 \(STARTTLS\), imap 127\.0\.0\.1:0 \(STARTTLS\), pop3 127\.0\.0\.1:0 \(STARTTLS\): port 0 is chosen at each start, so cert check cannot find the listener; give it a fixed port\n$/);
});

test('a bad --host is a usage error and a missing --ca file an error naming it', async () => {
  const { dir } = await fixedInstance();
  const usage = await mailstead(['cert', 'check', '--host', 'not a name', '--dir', dir]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--host <NAME>' argument 'not a name' is invalid\. expected a host name like "mail\.example\.org"\./);
  const missing = await mailstead(['cert', 'check', '--ca', join(dir, 'nope.pem'), '--dir', dir]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, `error: ${join(dir, 'nope.pem')}: cannot read the CA file: no such file\n`);
});
