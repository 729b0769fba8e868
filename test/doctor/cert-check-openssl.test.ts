// What `openssl s_client` sees on each listener (STARTTLS for SMTP, IMAP and POP3, implicit TLS) is
// the chain the certificate review reports: the same certificates, and the same verdict on whether
// the chain verifies against the test CA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestCa, withoutChain } from '../helpers/test-ca.ts';
import { runTool } from '../helpers/run-tool.ts';
import { toolSkip } from '../helpers/tools.ts';
import type { ListenerReport } from '../../src/doctor/index.ts';
import { anchorsOf, HOSTNAME, review, startCertInstance } from './cert-instance.ts';

const skip = toolSkip('openssl');
let ca: TestCa;
let caDir: string;
let caFile: string;

before(async () => {
  ca = await TestCa.create();
  caDir = await mkdtemp(join(tmpdir(), 'mailstead-ca-'));
  caFile = join(caDir, 'root.pem');
  await writeFile(caFile, ca.root.cert);
});
after(() => rm(caDir, { recursive: true, force: true }));

const STARTTLS: Record<string, string> = { smtp: 'smtp', submission: 'smtp', imap: 'imap', pop3: 'pop3' };

/** `openssl s_client -showcerts` against one listener; stdin is empty, so it leaves after the handshake. */
async function sClient(listener: ListenerReport): Promise<{ chain: string[]; verify: string }> {
  const starttls = listener.tls === 'starttls' ? `-starttls ${STARTTLS[listener.protocol]}` : '';
  const run = await runTool('sh', ['-c', `openssl s_client -connect 127.0.0.1:${listener.port} ${starttls} -servername ${HOSTNAME} -showcerts -CAfile '${caFile}' < /dev/null`], { timeoutMs: 20_000 });
  const blocks = run.stdout.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const verify = /Verify return code: (\d+ \([^)]*\))/.exec(run.stdout)?.[1] ?? `none (exit ${run.code}): ${run.stderr}`;
  return { chain: blocks.map((pem) => new X509Certificate(pem).fingerprint256), verify };
}

test('openssl s_client sees on every listener the chain the review reports, and it verifies', { skip }, async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const instance = await startCertInstance({ certificate: leaf });
  try {
    const report = await review(instance, anchorsOf(ca.root));
    assert.equal(report.status, 'ok');
    for (const listener of report.listeners) {
      const seen = await sClient(listener);
      const reported = listener.certificates[0]!.chain.map((c) => c.fingerprint256);
      assert.deepEqual(seen.chain, reported, `${listener.protocol}/${listener.tls}`);
      assert.deepEqual(reported, [leaf.x509.fingerprint256, ca.intermediate.x509.fingerprint256]);
      assert.equal(seen.verify, '0 (ok)', `${listener.protocol}/${listener.tls}`);
    }
  } finally {
    await instance.close();
  }
});

test('openssl s_client agrees that a chain without its intermediate does not verify', { skip }, async () => {
  const leaf = await ca.leaf({ names: [HOSTNAME] });
  const instance = await startCertInstance({ certificate: withoutChain(leaf) });
  try {
    const report = await review(instance, anchorsOf(ca.root));
    for (const listener of report.listeners.filter((l) => l.tls === 'starttls')) {
      const seen = await sClient(listener);
      assert.deepEqual(seen.chain, [leaf.x509.fingerprint256], `${listener.protocol}/${listener.tls}`);
      assert.equal(seen.verify, '21 (unable to verify the first certificate)');
      assert.equal(listener.certificates[0]!.complete, false);
    }
  } finally {
    await instance.close();
  }
});
