// The From/envelope rewrite for smart hosts that accept only their own account: From gets the account's
// address with the display name kept, the original address moves to Reply-To (unless there is one),
// Sender is dropped, folded fields and the body pass unchanged, at every chunk split.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readable } from 'node:stream';
import { rewriteHeaderSection, rewriteSender } from '../../src/outbound/index.ts';

const ACCOUNT = 'relay@provider.example';

async function rewritten(text: string, split: number): Promise<string> {
  const bytes = Buffer.from(text, 'latin1');
  const chunks = [bytes.subarray(0, split), bytes.subarray(split)];
  const out: Buffer[] = [];
  for await (const chunk of rewriteSender(Readable.from(chunks), ACCOUNT)) out.push(chunk);
  return Buffer.concat(out).toString('latin1');
}

test('puts the account in From, keeps the display name and moves the author to Reply-To', () => {
  assert.equal(
    rewriteHeaderSection('Subject: hi\r\nFrom: Ann Example <ann@example.test>\r\nSender: x@example.test\r\nTo: b@remote.test\r\n', ACCOUNT),
    'Subject: hi\r\nFrom: Ann Example <relay@provider.example>\r\nReply-To: Ann Example <ann@example.test>\r\nTo: b@remote.test\r\n',
  );
});

test('keeps an existing Reply-To, quotes a display name with specials and leaves encoded words as they are', () => {
  assert.equal(
    rewriteHeaderSection('From: "Doe, Ann" <ann@example.test>\r\nReply-To: list@example.test\r\n', ACCOUNT),
    'From: "Doe, Ann" <relay@provider.example>\r\nReply-To: list@example.test\r\n',
  );
  assert.equal(rewriteHeaderSection('From: =?utf-8?Q?J=C3=B6rg?= <j@example.test>\r\nReply-To: a@b.example\r\n', ACCOUNT), 'From: =?utf-8?Q?J=C3=B6rg?= <relay@provider.example>\r\nReply-To: a@b.example\r\n');
  assert.equal(rewriteHeaderSection('From: ann@example.test\r\n', ACCOUNT), 'From: <relay@provider.example>\r\nReply-To: ann@example.test\r\n');
});

test('streams the body unchanged at every chunk split, folded From included', async () => {
  const text = 'From: Ann\r\n <ann@example.test>\r\nSubject: s\r\n\r\nbody line\r\n';
  const expected = 'From: Ann <relay@provider.example>\r\nReply-To: Ann\r\n <ann@example.test>\r\nSubject: s\r\n\r\nbody line\r\n';
  for (let split = 0; split <= text.length; split++) assert.equal(await rewritten(text, split), expected, `split at ${split}`);
});
