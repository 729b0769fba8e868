// The bytes of a local submission: CRLF line endings from LF, CRLF and CR files, no dot-stuffing, and
// (sendmail without -i) a line of a single "." ending the message, wherever the chunks are split.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localReceivedHeader } from '../../src/smtp/local/local-received.ts';
import { messageInput } from '../../src/smtp/local/message-input.ts';

async function* split(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'latin1');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function read(text: string, dotTerminates: boolean): Promise<string[]> {
  const results = new Set<string>();
  for (const size of [1, 2, 3, 5, 1000]) {
    const out: Buffer[] = [];
    for await (const chunk of messageInput(split(text, size), { dotTerminates })) out.push(chunk);
    results.add(Buffer.concat(out).toString('latin1'));
  }
  return [...results];
}

test('turns LF, CRLF and lone CR line endings into CRLF', async () => {
  assert.deepEqual(await read('a\nb\r\nc\rd\n', false), ['a\r\nb\r\nc\r\nd\r\n']);
  assert.deepEqual(await read('last line\r', false), ['last line\r\n']);
});

test('keeps a "." line and leading dots as data: no dot-stuffing', async () => {
  assert.deepEqual(await read('a\n.\n..b\n.\n', false), ['a\r\n.\r\n..b\r\n.\r\n']);
});

test('with dotTerminates a line of a single "." ends the message and nothing after it is read', async () => {
  assert.deepEqual(await read('a\n.b\n..\n.\nafter\n', true), ['a\r\n.b\r\n..\r\n']);
  assert.deepEqual(await read('a\r\n.\r\nafter', true), ['a\r\n']);
  assert.deepEqual(await read('.\nafter\n', true), ['']);
  assert.deepEqual(await read('a\n.', true), ['a\r\n']);
  assert.deepEqual(await read('a\n. \n.x', true), ['a\r\n. \r\n.x']);
});

test('with dotTerminates the source is closed once the "." line is seen', async () => {
  let closed = false;
  async function* source(): AsyncGenerator<Buffer> {
    try {
      yield Buffer.from('a\n.\n');
      yield Buffer.from('never read\n');
    } finally {
      closed = true;
    }
  }
  const out: string[] = [];
  for await (const chunk of messageInput(source(), { dotTerminates: true })) out.push(chunk.toString());
  assert.equal(out.join(''), 'a\r\n');
  assert.equal(closed, true);
});

test('the local Received line names the way in, with no from clause, folded under 78 columns', () => {
  const date = new Date('2025-01-06T10:00:00Z');
  assert.equal(
    localReceivedHeader({ hostname: 'mx.example.test', origin: 'pickup', id: '4f1c2a9b03', date }),
    'Received: by mx.example.test (Mailstead, from pickup) id 4f1c2a9b03;\r\n\tMon, 6 Jan 2025 10:00:00 +0000\r\n',
  );
  const long = localReceivedHeader({ hostname: `${'h'.repeat(70)}.example.test`, origin: 'sendmail, userid 1000', id: 'abc', date });
  assert.match(long, /^Received: by h+\.example\.test\r\n\t\(Mailstead, from sendmail, userid 1000\) id abc;\r\n\tMon, 6 Jan 2025 10:00:00 \+0000\r\n$/);
});
