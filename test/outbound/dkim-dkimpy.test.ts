// An independent verifier: dkimpy (Debian's python3-dkim, the library behind `dkimverify`) checks our
// RSA and Ed25519 signatures against the key records as `mailstead dkim generate` prints them, given
// to it through its `dnsfunc` parameter (no network). Skips on a developer machine without it; in CI
// (CI=true) a missing module is a failure, since .ci/run installs python3-dkim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDkimSigner } from '../../src/outbound/dkim.ts';
import { runTool } from '../helpers/run-tool.ts';
import { FakeKeySource, HEADERS, message, publish, testKey, type TestDns } from './dkim-fixture.ts';

const SCRIPT = `
import sys, json, dkim
records = json.loads(sys.argv[2])
def dnsfunc(name, timeout=5):
    text = name.decode() if isinstance(name, bytes) else name
    strings = records.get(text.rstrip('.').lower())
    return None if strings is None else ''.join(strings).encode()
print('pass' if dkim.verify(open(sys.argv[1], 'rb').read(), dnsfunc=dnsfunc) else 'fail')
`;

/** A python3 that can import dkimpy (and PyNaCl, for Ed25519): the one on PATH, else Debian's. */
async function pythonWithDkim(): Promise<string | undefined> {
  for (const python of ['python3', '/usr/bin/python3']) {
    const run = await runTool(python, ['-c', 'import dkim, nacl']).catch(() => undefined);
    if (run?.code === 0) return python;
  }
  return undefined;
}

async function dkimpyVerdict(python: string, dir: string, bytes: Buffer, dns: TestDns): Promise<string> {
  const file = join(dir, `message-${Math.random().toString(36).slice(2)}.eml`);
  await writeFile(file, bytes);
  const run = await runTool(python, ['-c', SCRIPT, file, JSON.stringify(Object.fromEntries(dns))]);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  return run.stdout.trim();
}

test('dkimpy verifies RSA and Ed25519 signatures, and fails a changed body and an added From', async (t) => {
  const python = await pythonWithDkim();
  if (python === undefined) {
    const missing = 'python3 with the dkim module (Debian python3-dkim) is not installed';
    if (process.env.CI === 'true') throw new Error(`${missing} in CI: .ci/run must install python3-dkim`);
    t.skip(missing);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'mailstead-dkimpy-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const keys = [await testKey('example.org', 'ms202611', 'rsa-sha256'), await testKey('example.net', 'ms202611', 'ed25519-sha256')];
  const dns = publish(keys);
  const signer = createDkimSigner({ keys: new FakeKeySource(keys) });
  for (const key of keys) {
    const bytes = message([`From: Alice <alice@${key.domain}>`, ...HEADERS.slice(1)]);
    const outcome = await signer.sign(bytes);
    assert.equal(outcome.kind, 'signed');
    if (outcome.kind !== 'signed') return;
    const sent = Buffer.concat([Buffer.from(outcome.header), bytes]);
    assert.equal(await dkimpyVerdict(python, dir, sent, dns), 'pass', key.algorithm);
    const tampered = Buffer.from(sent.toString('latin1').replace('a short note.', 'a long note.'), 'latin1');
    assert.equal(await dkimpyVerdict(python, dir, tampered, dns), 'fail', `${key.algorithm}: changed body`);
    const spoofed = Buffer.concat([Buffer.from('From: Mallory <ceo@example.org>\r\n'), sent]);
    assert.equal(await dkimpyVerdict(python, dir, spoofed, dns), 'fail', `${key.algorithm}: added From`);
  }
});
