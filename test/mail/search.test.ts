import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addAccounts } from '../helpers/mail-fixtures.ts';
import { openMail, storeBackends, tempDir } from '../helpers/store-backends.ts';
import { appendText, messageOfSize } from './append-fixture.ts';

const BASE64_MESSAGE = [
  'Subject: report',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('The quarterly Überraschung is ready for review.\r\n').toString('base64'),
  '--b--',
  '',
].join('\r\n');

const HEADER_WORDS_MESSAGE = [
  'Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=',
  'X-Mailer: Frobnicator 7',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain',
  'Content-Description: wombat notes',
  '',
  'Only body words here.',
  '--b--',
  '',
].join('\r\n');

for (const backend of storeBackends()) {
  describe(`${backend.name}: search`, () => {
    test('answers flag, keyword, size, date, UID, MODSEQ and boolean keys from indexed columns', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      await appendText(mail, alice!, messageOfSize('a', 50), { flags: ['\\Seen'], internalDate: 1_000_000 });
      await appendText(mail, alice!, messageOfSize('b', 200), { flags: ['Work_1'], internalDate: 2_000_000 });
      await appendText(mail, alice!, messageOfSize('c', 100), { flags: ['\\Seen', '\\Flagged', 'WorkX1'], internalDate: 3_000_000 });
      const id = (await mail.findMailbox(alice!.id, 'INBOX'))!.id;
      assert.deepEqual(await mail.search(id, { kind: 'all' }), [1, 2, 3]);
      assert.deepEqual(await mail.search(id, { kind: 'flag', flag: '\\Seen', set: false }), [2]);
      assert.deepEqual(await mail.search(id, { kind: 'flag', flag: '\\flagged', set: true }), [3]);
      assert.deepEqual(await mail.search(id, { kind: 'flag', flag: 'work_1', set: true }), [2]);
      assert.deepEqual(await mail.search(id, { kind: 'flag', flag: 'Work_1', set: false }), [1, 3]);
      assert.deepEqual(await mail.search(id, { kind: 'flag', flag: 'no such[', set: true }), []);
      assert.deepEqual(await mail.search(id, { kind: 'larger', bytes: 100 }), [2]);
      assert.deepEqual(await mail.search(id, { kind: 'smaller', bytes: 100 }), [1]);
      assert.deepEqual(await mail.search(id, { kind: 'internal-date', since: 2_000_000, before: 3_000_000 }), [2]);
      assert.deepEqual(await mail.search(id, { kind: 'uid', uids: [[3, 3], [1, 1]] }), [1, 3]);
      assert.deepEqual(await mail.search(id, { kind: 'modseq', atLeast: 3 }), [2, 3]);
      assert.deepEqual(
        await mail.search(id, { kind: 'or', keys: [{ kind: 'larger', bytes: 150 }, { kind: 'not', key: { kind: 'flag', flag: '\\Seen', set: false } }] }),
        [1, 2, 3],
      );
      assert.deepEqual(await mail.search(id, { kind: 'and', keys: [{ kind: 'flag', flag: '\\Seen', set: true }, { kind: 'smaller', bytes: 80 }] }), [1]);
      await assert.rejects(mail.search(id, { kind: 'flag', flag: '\\Recent', set: true }), { code: 'invalid' });
    });

    test('finds words from a base64 text part through the full-text index, and forgets them after expunge', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      await appendText(mail, alice!, messageOfSize('plain', 60));
      await appendText(mail, alice!, BASE64_MESSAGE);
      const id = (await mail.findMailbox(alice!.id, 'INBOX'))!.id;
      assert.deepEqual(await mail.search(id, { kind: 'text', scope: 'body', value: 'QUARTERLY' }), [2]);
      assert.deepEqual(await mail.search(id, { kind: 'text', scope: 'body', value: 'uberrasch' }), [2]);
      assert.deepEqual(await mail.search(id, { kind: 'text', scope: 'body', value: 'ready for' }), [2]);
      assert.deepEqual(await mail.search(id, { kind: 'text', scope: 'body', value: 'for ready' }), []);
      assert.deepEqual(await mail.search(id, { kind: 'text', scope: 'body', value: '"*()' }), [1, 2]);
      await mail.storeFlags({ mailboxId: id, uids: [[2, 2]], mode: 'add', flags: ['\\Deleted'] });
      await mail.expunge(id);
      assert.deepEqual(await mail.search(id, { kind: 'text', scope: 'body', value: 'quarterly' }), []);
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });

    test('keeps header text apart from body text: the header scope finds top-level and MIME part fields, decoded', async (t) => {
      const { mail } = await openMail(t, backend, await tempDir(t));
      const [alice] = await addAccounts(mail, 'example.test', ['alice']);
      await appendText(mail, alice!, messageOfSize('plain', 60));
      await appendText(mail, alice!, HEADER_WORDS_MESSAGE);
      const id = (await mail.findMailbox(alice!.id, 'INBOX'))!.id;
      const search = (scope: 'body' | 'header', value: string) => mail.search(id, { kind: 'text', scope, value });
      assert.deepEqual(await search('header', 'frobnicator'), [2]);
      assert.deepEqual(await search('header', 'wombat notes'), [2]);
      assert.deepEqual(await search('header', 'grüße'), [2]);
      assert.deepEqual(await search('header', 'x-mailer: frob'), [2]);
      assert.deepEqual(await search('body', 'frobnicator'), []);
      assert.deepEqual(await search('body', 'wombat'), []);
      assert.deepEqual(await search('body', 'body words'), [2]);
      assert.deepEqual(await search('header', 'body words'), []);
      assert.deepEqual((await mail.checkStore({ graceMs: 3_600_000 })).problems, []);
    });
  });
}
