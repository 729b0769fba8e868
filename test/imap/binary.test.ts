import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTransferEncoding } from '../../src/imap/fetch/transfer-decoding.ts';
import { startMailboxServer, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

const MESSAGE = [
  'From: a@example.test',
  'Subject: encodings',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary=b',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Gr=C3=BC=C3=9Fe, soft=',
  'break',
  '--b',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: base64',
  '',
  'AAECAwQ=',
  '--b',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: x-uuencode',
  '',
  'begin 644 x',
  '--b',
  'Content-Type: text/plain',
  '',
  'plain text',
  '--b--',
  '',
].join('\r\n');

describe('content transfer decoding', () => {
  test('decodes quoted-printable with soft line breaks and keeps hard line breaks as CRLF', () => {
    assert.equal(decodeTransferEncoding('quoted-printable', Buffer.from('a=3Db=\r\nc \r\nd\ne')).toString(), 'a=bc\r\nd\r\ne');
  });

  test('decodes base64 ignoring line breaks', () => {
    assert.deepEqual([...decodeTransferEncoding('base64', Buffer.from('AAEC\r\nAwQ='))], [0, 1, 2, 3, 4]);
  });
});

describe('BINARY over a session', () => {
  let server: MailboxServer;
  let client: ImapTestClient;
  before(async () => {
    server = await startMailboxServer();
    client = await server.login();
    assert.equal((await client.command(['APPEND INBOX ', { literal: MESSAGE }])).tagged.status, 'OK');
    await client.command('SELECT INBOX');
  });
  after(() => server.stop());

  test('decodes a quoted-printable part and reports its decoded size', async () => {
    const result = await client.command('FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1])');
    const decoded = 'Grüße, softbreak';
    assert.deepEqual(result.untagged, [`1 FETCH (BINARY[1] {${Buffer.byteLength(decoded)}}\r\n${decoded} BINARY.SIZE[1] ${Buffer.byteLength(decoded)})`]);
  });

  test('sends decoded content holding NUL as a literal8, and a partial of it', async () => {
    const result = await client.command('FETCH 1 (BINARY.PEEK[2] BINARY.PEEK[2]<1.2>)');
    assert.equal(result.untagged[0], '1 FETCH (BINARY[2] ~{5}\r\n\x00\x01\x02\x03\x04 BINARY[2]<1> ~{2}\r\n\x01\x02)');
  });

  test('serves an identity-encoded part as stored', async () => {
    assert.deepEqual((await client.command('FETCH 1 (BINARY.PEEK[4] BINARY.SIZE[4])')).untagged, ['1 FETCH (BINARY[4] {10}\r\nplain text BINARY.SIZE[4] 10)']);
  });

  test('refuses an unknown transfer encoding with UNKNOWN-CTE', async () => {
    const result = await client.command('FETCH 1 (BINARY.PEEK[3])');
    assert.deepEqual(result.untagged, []);
    assert.deepEqual(result.tagged, { tag: result.tagged.tag, status: 'NO', code: 'UNKNOWN-CTE', text: 'Unknown Content-Transfer-Encoding x-uuencode' });
  });

  test('sets \\Seen on BINARY without PEEK', async () => {
    assert.deepEqual((await client.command('FETCH 1 (BINARY[4])')).untagged, ['1 FETCH (BINARY[4] {10}\r\nplain text FLAGS (\\Seen \\Recent))']);
  });
});
