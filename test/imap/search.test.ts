import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sentDay } from '../../src/imap/search/message-match.ts';
import { effectiveReturn, formatEsearch, savedResult } from '../../src/imap/search/results.ts';
import { startMailboxServer, USER, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import { searchServer } from '../helpers/imap-search-messages.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

describe('search results and dates', () => {
  test('reads the calendar day of a Date field as written, whatever its zone', () => {
    assert.deepEqual(sentDay('Tue, 7 Jan 2025 23:30:00 -0800'), { year: 2025, month: 1, day: 7 });
    assert.deepEqual(sentDay('7 Jan 25 10:00 GMT'), { year: 2025, month: 1, day: 7 });
    assert.equal(sentDay('yesterday'), null);
  });

  test('treats RETURN () as ALL and SAVE alone as no ESEARCH response', () => {
    const none = { min: false, max: false, all: false, count: false, save: false };
    assert.deepEqual(effectiveReturn(none), { ...none, all: true });
    assert.equal(effectiveReturn({ ...none, save: true }), null);
  });

  test('formats ESEARCH with the tag, MIN, MAX, COUNT, ALL and MODSEQ in order', () => {
    const options = { min: true, max: true, all: true, count: true, save: false };
    assert.equal(formatEsearch('A7', true, options, { numbers: [2, 3, 4, 9], modseq: 12 }), 'ESEARCH (TAG "A7") UID MIN 2 MAX 9 COUNT 4 ALL 2:4,9 MODSEQ 12');
    assert.equal(formatEsearch('A8', false, options, { numbers: [], modseq: null }), 'ESEARCH (TAG "A8") COUNT 0');
  });

  test('saves only MIN and MAX when neither ALL nor COUNT was asked (RFC 5182 §2.4)', () => {
    assert.deepEqual(savedResult({ min: true, max: true, all: false, count: false, save: true }, [3, 5, 8]), [3, 8]);
    assert.deepEqual(savedResult({ min: true, max: false, all: false, count: true, save: true }, [3, 5, 8]), [3, 5, 8]);
  });
});

describe('SEARCH over a session', () => {
  let server: MailboxServer;
  let client: ImapTestClient;
  before(async () => ({ server, client } = await searchServer()));
  after(() => server.stop());

  const search = async (criteria: string): Promise<string[]> => (await client.command(criteria)).untagged;

  test('matches address fields by name and address, decoding encoded words', async () => {
    assert.deepEqual(await search('SEARCH FROM alice'), ['SEARCH 1']);
    assert.deepEqual(await search('SEARCH FROM "ALICE@EXAMPLE"'), ['SEARCH 1']);
    assert.deepEqual((await client.command(['SEARCH CHARSET UTF-8 FROM ', { literal: 'jürgen' }])).untagged, ['SEARCH 2']);
    assert.deepEqual(await search('SEARCH CC carol'), ['SEARCH 3']);
    assert.deepEqual(await search('SEARCH BCC carol'), ['SEARCH']);
  });

  test('combines header criteria with flags inside NOT and OR', async () => {
    assert.deepEqual(await search('SEARCH OR FLAGGED SUBJECT lunch'), ['SEARCH 2 3']);
    assert.deepEqual(await search('SEARCH NOT SUBJECT report UNSEEN'), ['SEARCH 3']);
    assert.deepEqual(await search('SEARCH NOT (OR SEEN FROM bob)'), ['SEARCH 2']);
  });

  test('matches any header field with HEADER, an empty value meaning the field is present', async () => {
    assert.deepEqual(await search('SEARCH HEADER X-Priority 1'), ['SEARCH 1']);
    assert.deepEqual(await search('SEARCH HEADER In-Reply-To ""'), ['SEARCH 2']);
    assert.deepEqual(await search('SEARCH HEADER X-Missing ""'), ['SEARCH']);
  });

  test('finds body words through the text index and TEXT in headers too', async () => {
    assert.deepEqual(await search('SEARCH BODY pizza'), ['SEARCH 3']);
    assert.deepEqual(await search('SEARCH TEXT alice'), ['SEARCH 1']);
    assert.deepEqual(await search('SEARCH TEXT budget'), ['SEARCH 1']);
  });

  test('compares SENT* with the Date field and BEFORE/ON/SINCE with the internal date', async () => {
    assert.deepEqual(await search('SEARCH SENTBEFORE 8-Jan-2025'), ['SEARCH 1 2']);
    assert.deepEqual(await search('SEARCH SENTON 7-Jan-2025'), ['SEARCH 2']);
    assert.deepEqual(await search('SEARCH ON 2-Feb-2025'), ['SEARCH 2']);
    assert.deepEqual(await search('SEARCH SINCE 2-Feb-2025 BEFORE 3-Feb-2025'), ['SEARCH 2']);
  });

  test('answers UID SEARCH RETURN with ESEARCH carrying the tag', async () => {
    const result = await client.command('UID SEARCH RETURN (MIN MAX COUNT) ALL', { tag: 'T1' });
    assert.deepEqual(result.untagged, ['ESEARCH (TAG "T1") UID MIN 1 MAX 3 COUNT 3']);
    assert.deepEqual((await client.command('SEARCH RETURN () SUBJECT report', { tag: 'T2' })).untagged, ['ESEARCH (TAG "T2") ALL 1:2']);
  });

  test('saves the result for $ without answering it (SEARCHRES)', async () => {
    assert.deepEqual(await search('SEARCH RETURN (SAVE) SUBJECT report'), []);
    assert.deepEqual(await search('FETCH $ (UID)'), ['1 FETCH (UID 1)', '2 FETCH (UID 2)']);
    assert.deepEqual(await search('SEARCH $ FLAGGED'), ['SEARCH 2']);
  });

  test('adds the highest MODSEQ of the matches for a MODSEQ search', async () => {
    const result = await search('SEARCH MODSEQ 1');
    const modseqs = (await client.command('FETCH 1:3 (MODSEQ)')).untagged.map((line) => Number(/MODSEQ \((\d+)\)/.exec(line)![1]));
    assert.deepEqual(result, [`SEARCH 1 2 3 (MODSEQ ${Math.max(...modseqs)})`]);
  });

  test('answers an IMAP4rev2 client with ESEARCH', async () => {
    const rev2 = await server.login();
    await rev2.command('ENABLE IMAP4rev2');
    await rev2.command('SELECT INBOX');
    assert.deepEqual((await rev2.command('SEARCH SUBJECT lunch', { tag: 'R1' })).untagged, ['ESEARCH (TAG "R1") ALL 3']);
    assert.deepEqual((await rev2.command('UID SEARCH SUBJECT nothing', { tag: 'R2' })).untagged, ['ESEARCH (TAG "R2") UID']);
  });

  test('refuses an unknown charset with BADCHARSET', async () => {
    const result = await client.command('SEARCH CHARSET KOI8-R SUBJECT x');
    assert.equal(result.tagged.status, 'NO');
    assert.equal(result.tagged.code, 'BADCHARSET (UTF-8 US-ASCII)');
  });
});

describe('SEARCH TEXT in every header field', () => {
  let server: MailboxServer;
  let client: ImapTestClient;
  before(async () => {
    server = await startMailboxServer();
    // Delivered over SMTP (the router's analysis) and appended (APPEND's), one header word each.
    await server.deliver(USER, `From: a@remote.test\r\nSubject: one\r\nX-Mailer: Frobnicator 7\r\n\r\nplain words\r\n`);
    client = await server.login();
    const multipart = [
      'From: b@remote.test',
      'Subject: two',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      'Content-Description: =?utf-8?q?Wombat_Notizen?=',
      '',
      'more plain words',
      '--b--',
      '',
    ].join('\r\n');
    await client.command(['APPEND INBOX ', { literal: multipart }]);
    await client.command('SELECT INBOX');
  });
  after(() => server.stop());

  const search = async (criteria: string): Promise<string[]> => (await client.command(criteria)).untagged;

  test('TEXT finds a word only in a non-envelope header field, and BODY does not', async () => {
    assert.deepEqual(await search('SEARCH TEXT frobnicator'), ['SEARCH 1']);
    assert.deepEqual(await search('SEARCH BODY frobnicator'), ['SEARCH']);
  });

  test('TEXT finds a word only in a MIME part header, encoded words decoded, and BODY does not', async () => {
    assert.deepEqual(await search('SEARCH TEXT "wombat notizen"'), ['SEARCH 2']);
    assert.deepEqual(await search('SEARCH BODY wombat'), ['SEARCH']);
  });

  test('TEXT still finds body words and BODY only those', async () => {
    assert.deepEqual(await search('SEARCH TEXT "plain words"'), ['SEARCH 1 2']);
    assert.deepEqual(await search('SEARCH BODY "more plain"'), ['SEARCH 2']);
    assert.deepEqual(await search('SEARCH NOT TEXT mailer'), ['SEARCH 2']);
  });
});
