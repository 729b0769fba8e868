import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm, utimes } from 'node:fs/promises';
import { openMailService } from '../../src/server/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import type { MailService } from '../../src/mail/index.ts';
import type { StoredBlob } from '../../src/store/index.ts';
import { MessageAnalyser } from '../../src/mime/index.ts';
import { initInstanceDir, lines, mailstead, tempDir } from './run-cli.ts';

const tmp = await tempDir();
after(() => tmp.cleanup());
const dir = await initInstanceDir(tmp.path, 'instance');

async function withMail<T>(fn: (mail: MailService) => Promise<T>): Promise<T> {
  const mail = await openMailService(dir, silentLogger());
  try {
    return await fn(mail);
  } finally {
    await mail.close();
  }
}

async function writeBlob(mail: MailService, text: string): Promise<StoredBlob> {
  const writer = mail.blobs.createWriter();
  await writer.write(Buffer.from(text));
  return writer.commit();
}

/** Stores one message for postmaster; returns its blob's hash and path. */
function deliverMessage(subject: string): Promise<{ hash: string; path: string }> {
  return withMail(async (mail) => {
    const account = await mail.findAccount('postmaster@example.test');
    assert.ok(account);
    const text = `Subject: ${subject}\r\n\r\nHello.\r\n`;
    const blob = await writeBlob(mail, text);
    const analyser = new MessageAnalyser({ maxHeaderSize: 65536 });
    analyser.push(Buffer.from(text));
    const { summary, searchText, headerText } = analyser.end();
    await mail.deliver({
      blob,
      summary,
      searchText,
      headerText,
      receivedAt: Date.now(),
      sender: 'someone@remote.test',
      local: [{ accountId: account.id, prefix: '' }],
      remote: [],
    });
    return { hash: blob.hash, path: mail.blobs.path(blob.hash) };
  });
}

/** A committed blob no message references, as a crash before the database commit leaves one. */
function orphanBlob(text: string, ageMs: number): Promise<string> {
  return withMail(async (mail) => {
    const blob = await writeBlob(mail, text);
    const path = mail.blobs.path(blob.hash);
    const then = new Date(Date.now() - ageMs);
    await utimes(path, then, then);
    return path;
  });
}

test('check-store on a clean store prints "store ok" and exits 0', async () => {
  await deliverMessage('first');
  const r = await mailstead(['check-store', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'store ok\n');
  assert.equal(r.stderr, '');
});

test('check-store collects an orphan blob older than the grace period and says how many', async () => {
  const old = await orphanBlob('orphan from a crash\r\n', 2 * 3_600_000);
  const fresh = await orphanBlob('delivery in flight\r\n', 0);
  const r = await mailstead(['check-store', '--grace', '1h', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'store ok; collected 1 orphan blob\n');
  assert.equal(existsSync(old), false);
  assert.equal(existsSync(fresh), true);
});

test('check-store reports a message whose blob file is gone and exits 1', async () => {
  const { hash, path } = await deliverMessage('second');
  await rm(path);
  const r = await mailstead(['check-store', '--dir', dir]);
  assert.equal(r.code, 1);
  const out = lines(r.stdout);
  assert.equal(out.length, 1, r.stdout);
  assert.match(out[0]!, new RegExp(`^message \\d+: blob ${hash} is missing$`));
  assert.deepEqual(lines(r.stderr), ['error: the store has 1 problem']);
});
